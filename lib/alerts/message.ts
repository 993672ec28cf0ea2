import { formatUsd, formatUsdExact } from "../money";
import { monthName } from "../format";
import { scopeLabel } from "../scope";
import type { Firing } from "./history";
import { ALERT_KIND_LABELS } from "./rules";

/** Where links in alerts point: TOKENTALLY_PUBLIC_URL, else this server on loopback. */
export function publicUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.TOKENTALLY_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}

export const firingLink = (f: Pick<Firing, "id">, env?: Record<string, string | undefined>) => `${publicUrl(env)}/alerts#firing-${f.id}`;

/** The one sentence an alert says, in the banner, the history, the webhook's text and the mail. */
export function describeFiring(f: Pick<Firing, "ruleName" | "scope" | "kind" | "period" | "levelLabel" | "valuePico">): string {
  const who = scopeLabel(f.scope);
  const value = formatUsd(f.valuePico);
  switch (f.kind) {
    case "actual": return `${f.ruleName}: ${who} has spent ${value} in ${monthName(f.period)}, reaching ${f.levelLabel}.`;
    case "forecast": return `${f.ruleName}: ${who} is projected to spend ${value} in ${monthName(f.period)}, reaching ${f.levelLabel}.`;
    case "daily": return `${f.ruleName}: ${who} spent ${value} on ${f.period}, reaching ${f.levelLabel}.`;
    case "anomaly": return `${f.ruleName}: ${who} spent ${value} on ${f.period}, ${f.levelLabel}.`;
  }
}

/** The webhook's JSON: the numbers as exact decimal strings in USD, and Slack's `text`. */
export function webhookPayload(f: Firing, env?: Record<string, string | undefined>) {
  const link = firingLink(f, env);
  return {
    text: `${describeFiring(f)} <${link}|Open in Tokentally>`,
    event: "alert",
    id: f.id,
    rule: { id: f.ruleId, name: f.ruleName },
    scope: { kind: f.scope.kind, value: f.scope.value, label: scopeLabel(f.scope) },
    kind: f.kind,
    period: f.period,
    level: f.levelLabel,
    value: formatUsdExact(f.valuePico),
    threshold: formatUsdExact(f.thresholdPico),
    currency: "USD",
    firedAt: `${f.firedAt.replace(" ", "T")}Z`,
    link,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The mail: subject, plain text and HTML with the same numbers and the link. */
export function emailMessage(f: Firing, env?: Record<string, string | undefined>) {
  const link = firingLink(f, env);
  const sentence = describeFiring(f);
  const rows: [string, string][] = [
    ["Rule", f.ruleName], ["Watching", scopeLabel(f.scope)], ["Kind", ALERT_KIND_LABELS[f.kind]], ["Period", f.period],
    ["Value", formatUsd(f.valuePico)], ["Threshold", formatUsd(f.thresholdPico)], ["Level", f.levelLabel],
  ];
  return {
    subject: `[Tokentally] ${f.ruleName}: ${formatUsd(f.valuePico)} reached ${f.levelLabel}`,
    text: `${sentence}\n\n${rows.map(([k, v]) => `${k}: ${v}`).join("\n")}\n\nOpen in Tokentally: ${link}\n`,
    html: `<p>${escapeHtml(sentence)}</p><table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>` +
      `<p><a href="${escapeHtml(link)}">Open in Tokentally</a></p>`,
  };
}

export const TEST_TEXT = "Tokentally test message: this channel receives alerts.";
