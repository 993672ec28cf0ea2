import { getBudget } from "../budget";
import { db, type Db } from "../db";
import { formatUsd, parseUsd, type Pico } from "../money";
import { parseScope, scopeLabel, type Scope, type ScopeKind } from "../scope";

/**
 * Alert rules and channels: what is watched, when it fires, where it goes.
 *
 * - actual: the scope's month-to-date spend reaches a level;
 * - forecast: its projected month end (the overview's projection) reaches a level;
 * - daily: one day's spend (training included) reaches an amount;
 * - anomaly: one day's inference spend is far above its recent baseline (lib/alerts/detect.ts).
 * Levels are % of the scope's monthly budget or USD amounts; each level fires once per period (the
 * month, or the day for daily and anomaly). In-app delivery (banner and history) is always on; a rule
 * adds webhook and email channels. A quiet period holds a rule's webhooks and mails for that long after
 * its last firing: later firings are still recorded and shown, their deliveries marked "quiet".
 */
export const ALERT_KINDS = ["actual", "forecast", "daily", "anomaly"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type ThresholdUnit = "percent" | "usd";

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  actual: "Month-to-date spend",
  forecast: "Projected month end",
  daily: "Daily spend",
  anomaly: "Anomalous day",
};

export interface AlertRule {
  id: number;
  name: string;
  enabled: boolean;
  scope: Scope;
  kind: AlertKind;
  unit: ThresholdUnit;
  /** percents (whole numbers), or picodollars; ascending. Empty for anomaly. */
  levels: bigint[];
  /** anomaly: a day must be at least this much above its baseline median */
  minAmountPico: Pico | null;
  /** anomaly: how many scaled MADs above the median, in tenths (35 = 3.5) */
  sensitivityTenths: number | null;
  quietMinutes: number | null;
  channelIds: number[];
}

export interface AlertChannel {
  id: number;
  kind: "webhook" | "email";
  name: string;
  /** the URL, or comma-separated addresses */
  target: string;
  secret: string | null;
}

export const DEFAULT_SENSITIVITY_TENTHS = 35;
export const DEFAULT_MIN_ANOMALY_USD = "10";

/** What a rule's form (or the CLI) gives, as text. */
export interface RuleInput {
  name: string;
  enabled?: boolean;
  scopeKind: string;
  scopeValue?: string;
  kind: string;
  unit?: string;
  /** "50, 80, 100" (percent) or "1000, 2500.50" (USD) */
  levels?: string;
  minAmount?: string;
  sensitivity?: string;
  quietHours?: string;
  channelIds?: number[];
}

export class RuleError extends Error {}

const usdAmount = (text: string, what: string): Pico => {
  let pico: Pico;
  try {
    pico = parseUsd(text.replace(/[$,\s]/g, ""));
  } catch {
    throw new RuleError(`${what} "${text}" is not an amount in USD`);
  }
  if (pico <= 0n) throw new RuleError(`${what} must be more than $0`);
  if (pico % 10_000_000_000n !== 0n) throw new RuleError(`${what} "${text}" is not whole cents`);
  return pico;
};

/** Checks a rule's input and turns it into a rule (without id); throws RuleError with a sentence. */
export function parseRuleInput(input: RuleInput, d: Db = db()): Omit<AlertRule, "id"> {
  const name = input.name.trim();
  if (!name) throw new RuleError("give the rule a name");
  if (name.length > 120) throw new RuleError("a rule's name is at most 120 characters");
  if (!(ALERT_KINDS as readonly string[]).includes(input.kind)) throw new RuleError(`"${input.kind}" is not a kind of alert (${ALERT_KINDS.join(", ")})`);
  const kind = input.kind as AlertKind;
  let scope: Scope;
  try {
    scope = parseScope(input.scopeKind, input.scopeValue);
  } catch (e) {
    throw new RuleError((e as Error).message);
  }
  const unit: ThresholdUnit = kind === "daily" || kind === "anomaly" ? "usd" : input.unit === "usd" ? "usd" : "percent";
  if ((kind === "daily" || kind === "anomaly") && input.unit === "percent") throw new RuleError(`${ALERT_KIND_LABELS[kind].toLowerCase()} thresholds are USD amounts, not % of a monthly budget`);

  let levels: bigint[] = [];
  if (kind !== "anomaly") {
    // USD amounts may carry thousands separators ("2,500.00"); percents are plain whole numbers
    const separator = unit === "usd" ? /;|\s+|,\s+|,(?!\d{3}\b)/ : /[,;\s]+/;
    const parts = (input.levels ?? "").split(separator).map((s) => s.trim()).filter(Boolean);
    if (parts.length === 0) throw new RuleError(unit === "percent" ? "give at least one level, like 50, 80, 100 (% of the budget)" : "give at least one amount in USD");
    if (parts.length > 10) throw new RuleError("at most 10 levels");
    levels = parts.map((p) => {
      if (unit === "usd") return usdAmount(p, "the amount");
      const m = /^(\d{1,4})%?$/.exec(p);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 1000) throw new RuleError(`level "${p}" is not a whole percent from 1 to 1000`);
      return BigInt(m[1]);
    });
    levels = [...new Set(levels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (unit === "percent" && getBudget(scope, d) == null) {
      throw new RuleError(`${scopeLabel(scope)} has no monthly budget: set one under Budgets first, or give the levels in USD`);
    }
  }

  let minAmountPico: Pico | null = null;
  let sensitivityTenths: number | null = null;
  if (kind === "anomaly") {
    minAmountPico = usdAmount(input.minAmount?.trim() || DEFAULT_MIN_ANOMALY_USD, "the minimum amount");
    const s = (input.sensitivity ?? "").trim();
    const m = /^(\d{1,2})(?:\.(\d))?$/.exec(s);
    sensitivityTenths = s === "" ? DEFAULT_SENSITIVITY_TENTHS : m ? Number(m[1]) * 10 + Number(m[2] ?? 0) : NaN;
    if (!Number.isInteger(sensitivityTenths) || sensitivityTenths < 10 || sensitivityTenths > 200) throw new RuleError(`sensitivity "${s}" is not a number from 1 to 20 (one decimal)`);
  }

  const q = (input.quietHours ?? "").trim();
  let quietMinutes: number | null = null;
  if (q !== "") {
    const hours = /^\d{1,4}(\.\d{1,2})?$/.test(q) ? Number(q) : NaN;
    if (!(hours >= 0 && hours <= 24 * 31)) throw new RuleError(`quiet period "${q}" is not a number of hours from 0 to 744`);
    quietMinutes = Math.round(hours * 60) || null;
  }

  const channelIds = [...new Set(input.channelIds ?? [])];
  const known = new Set(listChannels(d).map((c) => c.id));
  const unknown = channelIds.filter((id) => !known.has(id));
  if (unknown.length) throw new RuleError(`there is no channel #${unknown.join(", #")}`);

  return { name, enabled: input.enabled ?? true, scope, kind, unit, levels, minAmountPico, sensitivityTenths, quietMinutes, channelIds };
}

type RuleRow = Record<string, unknown>;
function ruleOf(r: RuleRow): AlertRule {
  return {
    id: Number(r.id),
    name: String(r.name),
    enabled: Number(r.enabled) === 1,
    scope: { kind: String(r.scope_kind) as ScopeKind, value: String(r.scope_value) },
    kind: String(r.kind) as AlertKind,
    unit: String(r.threshold_unit) as ThresholdUnit,
    levels: (JSON.parse(String(r.levels)) as string[]).map(BigInt),
    minAmountPico: (r.min_amount_pico as bigint | null) ?? null,
    sensitivityTenths: r.sensitivity_tenths == null ? null : Number(r.sensitivity_tenths),
    quietMinutes: r.quiet_minutes == null ? null : Number(r.quiet_minutes),
    channelIds: (JSON.parse(String(r.channel_ids)) as number[]).map(Number),
  };
}

export function listRules(d: Db = db(), opts: { enabledOnly?: boolean } = {}): AlertRule[] {
  return (d.sqlite.prepare(`SELECT * FROM alert_rule ${opts.enabledOnly ? "WHERE enabled = 1" : ""} ORDER BY id`).all() as RuleRow[]).map(ruleOf);
}

export function getRule(id: number, d: Db = db()): AlertRule | null {
  const r = d.sqlite.prepare(`SELECT * FROM alert_rule WHERE id = ?`).get(id) as RuleRow | undefined;
  return r ? ruleOf(r) : null;
}

const ruleValues = (r: Omit<AlertRule, "id">) => [
  r.name, r.enabled ? 1 : 0, r.scope.kind, r.scope.value, r.kind, r.unit, JSON.stringify(r.levels.map(String)),
  r.minAmountPico, r.sensitivityTenths, r.quietMinutes, JSON.stringify(r.channelIds),
];

/** Creates a rule, or replaces rule `id`; returns the stored rule. */
export function saveRule(input: RuleInput, id: number | null = null, d: Db = db()): AlertRule {
  const rule = parseRuleInput(input, d);
  if (id == null) {
    const { id: newId } = d.sqlite
      .prepare(`INSERT INTO alert_rule (name, enabled, scope_kind, scope_value, kind, threshold_unit, levels, min_amount_pico, sensitivity_tenths, quiet_minutes, channel_ids)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(...ruleValues(rule)) as { id: bigint };
    return { id: Number(newId), ...rule };
  }
  const changed = d.sqlite
    .prepare(`UPDATE alert_rule SET name = ?, enabled = ?, scope_kind = ?, scope_value = ?, kind = ?, threshold_unit = ?, levels = ?, min_amount_pico = ?,
      sensitivity_tenths = ?, quiet_minutes = ?, channel_ids = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?`)
    .run(...ruleValues(rule), id).changes;
  if (!changed) throw new RuleError(`there is no rule #${id}`);
  return { id, ...rule };
}

export function setRuleEnabled(id: number, enabled: boolean, d: Db = db()): boolean {
  return d.sqlite.prepare(`UPDATE alert_rule SET enabled = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?`).run(enabled ? 1 : 0, id).changes > 0;
}

/** Deletes a rule; its firings stay in the history under the rule's name. */
export function deleteRule(id: number, d: Db = db()): boolean {
  return d.sqlite.prepare(`DELETE FROM alert_rule WHERE id = ?`).run(id).changes > 0;
}

/** "50%, 80%, 100% of $2,000.00" or "$1,000.00, $2,500.00" or the anomaly's settings. */
export function describeLevels(rule: AlertRule, budgetPico: Pico | null): string {
  if (rule.kind === "anomaly") {
    return `${(rule.sensitivityTenths ?? DEFAULT_SENSITIVITY_TENTHS) / 10}× the scaled MAD above the 28-day median, and at least ${formatUsd(rule.minAmountPico ?? 0n)} above it`;
  }
  if (rule.unit === "usd") return rule.levels.map((l) => formatUsd(l)).join(", ");
  return `${rule.levels.map((l) => `${l}%`).join(", ")} of ${budgetPico == null ? "the budget (none set: the rule is idle)" : formatUsd(budgetPico)}`;
}

// ---- channels ------------------------------------------------------------------------------------

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

/** Checks and stores a channel; throws RuleError with a sentence. */
export function saveChannel(input: { kind: string; name: string; target: string; secret?: string }, d: Db = db()): AlertChannel {
  const name = input.name.trim();
  if (!name) throw new RuleError("give the channel a name");
  let target = input.target.trim();
  if (input.kind === "webhook") {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new RuleError(`"${target}" is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new RuleError("a webhook URL starts with https:// or http://");
    target = url.toString();
  } else if (input.kind === "email") {
    const addresses = target.split(/[,;\s]+/).filter(Boolean);
    if (addresses.length === 0) throw new RuleError("give at least one email address");
    const bad = addresses.filter((a) => !EMAIL.test(a));
    if (bad.length) throw new RuleError(`not an email address: ${bad.join(", ")}`);
    target = addresses.join(", ");
  } else {
    throw new RuleError(`"${input.kind}" is not a channel (webhook or email)`);
  }
  const secret = input.kind === "webhook" && input.secret?.trim() ? input.secret.trim() : null;
  const { id } = d.sqlite.prepare(`INSERT INTO alert_channel (kind, name, target, secret) VALUES (?, ?, ?, ?) RETURNING id`).get(input.kind, name, target, secret) as { id: bigint };
  return { id: Number(id), kind: input.kind as AlertChannel["kind"], name, target, secret };
}

export function listChannels(d: Db = db()): AlertChannel[] {
  return (d.sqlite.prepare(`SELECT id, kind, name, target, secret FROM alert_channel ORDER BY id`).all() as Record<string, unknown>[]).map((r) => ({
    id: Number(r.id), kind: String(r.kind) as AlertChannel["kind"], name: String(r.name), target: String(r.target), secret: (r.secret as string | null) ?? null,
  }));
}

/** Deletes a channel and takes it off every rule; past deliveries keep its name. */
export function deleteChannel(id: number, d: Db = db()): boolean {
  return d.sqlite.transaction(() => {
    for (const r of listRules(d).filter((r) => r.channelIds.includes(id))) {
      d.sqlite.prepare(`UPDATE alert_rule SET channel_ids = ? WHERE id = ?`).run(JSON.stringify(r.channelIds.filter((c) => c !== id)), r.id);
    }
    return d.sqlite.prepare(`DELETE FROM alert_channel WHERE id = ?`).run(id).changes > 0;
  })();
}
