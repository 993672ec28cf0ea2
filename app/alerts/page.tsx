import type { ReactNode } from "react";
import { acknowledgeAction, deleteChannelAction, deleteRuleAction, retryDeliveryAction, saveChannelAction, sendTestAction, setBudgetAction, toggleRuleAction } from "./actions";
import { EMPTY_RULE, RuleForm, type RuleDraft } from "./RuleForm";
import { BudgetBar } from "../components/BudgetBar";
import { deliverySettings, smtpSettings } from "@/lib/alerts/deliver";
import { ANOMALY_METHOD } from "@/lib/alerts/detect";
import { listFirings, type Firing } from "@/lib/alerts/history";
import { describeFiring } from "@/lib/alerts/message";
import { ALERT_KIND_LABELS, DEFAULT_SENSITIVITY_TENTHS, describeLevels, getRule, listChannels, listRules, type AlertRule } from "@/lib/alerts/rules";
import { getBudgetProgress } from "@/lib/budget";
import { formatCents, formatUsd, formatUsdExact, roundToCents } from "@/lib/money";
import { getScopeOptions } from "@/lib/queries/getScopeOptions";
import { SCOPE_KIND_LABELS, scopeKey, scopeLabel } from "@/lib/scope";

export const dynamic = "force-dynamic";

const toDraft = (r: AlertRule): RuleDraft => ({
  id: r.id, name: r.name, enabled: r.enabled, scopeKind: r.scope.kind, scopeValue: r.scope.value, kind: r.kind, unit: r.unit,
  levels: r.unit === "usd" ? r.levels.map((l) => formatUsdExact(l)).join(", ") : r.levels.join(", "),
  minAmount: r.minAmountPico == null ? EMPTY_RULE.minAmount : formatUsdExact(r.minAmountPico), sensitivity: String((r.sensitivityTenths ?? DEFAULT_SENSITIVITY_TENTHS) / 10),
  quietHours: r.quietMinutes == null ? "" : String(r.quietMinutes / 60), channelIds: r.channelIds,
});

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ ok?: string; error?: string; edit?: string }> }) {
  const params = await searchParams;
  const today = new Date().toISOString().slice(0, 10);
  const rules = listRules();
  const channels = listChannels();
  const budgets = getBudgetProgress(today.slice(0, 7), today);
  const budgetOf = new Map(budgets.map((b) => [scopeKey(b.scope), b.monthlyPico]));
  const history = listFirings(undefined, { limit: 200 });
  const open = listFirings(undefined, { open: true });
  const scopeOptions = getScopeOptions();
  const editing = params.edit ? getRule(Number(params.edit)) : null;
  const smtp = smtpSettings(deliverySettings().env);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));

  return (
    <>
      <div className="page-head"><h1>Alerts</h1></div>
      {params.ok ? <div className="banner ok-banner" role="status" data-testid="alerts-ok">{params.ok}</div> : null}
      {params.error ? <div className="banner error-banner" role="alert" data-testid="alerts-error">{params.error}</div> : null}

      <section className="card" id="open" data-testid="open-alerts">
        <div className="page-head" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Open alerts {open.length ? <span className="count">{open.length}</span> : null}</h2>
          {open.length > 1 ? <form action={acknowledgeAction}><button type="submit">Acknowledge all</button></form> : null}
        </div>
        {open.length === 0 ? <p className="muted">Nothing needs attention. Alerts stay here (and in a banner on every page) until acknowledged.</p> : (
          <ul className="alert-list">
            {open.map((f) => (
              <li key={f.id}>
                <span>{describeFiring(f)} <span className="sub">{f.firedAt} UTC</span></span>
                <ActionButton action={acknowledgeAction} fields={{ id: f.id }}>Acknowledge</ActionButton>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" id="rules">
        <h2>Rules</h2>
        {rules.length === 0 ? <p className="muted">No rules yet. Create one below: a budget level, a forecast, a daily amount or an anomaly watch.</p> : (
          <div className="table-wrap">
            <table data-testid="rules-table">
              <thead><tr><th>Rule</th><th>Watching</th><th>Alert when</th><th>Levels</th><th>Sends to</th><th>State</th><th /></tr></thead>
              <tbody>
                {rules.map((r) => {
                  const budget = budgetOf.get(scopeKey(r.scope)) ?? null;
                  const idle = r.unit === "percent" && r.kind !== "anomaly" && budget == null;
                  return (
                    <tr key={r.id} data-rule={r.id}>
                      <td><strong>{r.name}</strong>{r.quietMinutes ? <div className="sub">quiet {r.quietMinutes / 60} h after firing</div> : null}</td>
                      <td>{scopeLabel(r.scope)}</td>
                      <td>{ALERT_KIND_LABELS[r.kind]}</td>
                      <td>{describeLevels(r, budget)}</td>
                      <td>{["In-app", ...r.channelIds.map((id) => channelName.get(id) ?? `#${id}`)].join(", ")}</td>
                      <td>{!r.enabled ? <span className="chip">disabled</span> : idle ? <span className="chip failed">idle: no budget</span> : <span className="chip sent">on</span>}</td>
                      <td><div className="row-actions">
                        <a className="button" href={`/alerts?edit=${r.id}#rule-form`}>Edit</a>
                        <ActionButton action={toggleRuleAction} fields={{ id: r.id, enabled: r.enabled ? "0" : "1" }}>{r.enabled ? "Disable" : "Enable"}</ActionButton>
                        <ActionButton action={deleteRuleAction} fields={{ id: r.id }} className="danger">Delete</ActionButton>
                      </div></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <h2 id="rule-form" style={{ marginTop: 20 }}>{editing ? `Edit rule #${editing.id}` : "New rule"}</h2>
        <RuleForm
          key={editing?.id ?? "new"}
          draft={editing ? toDraft(editing) : EMPTY_RULE}
          channels={channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
          scopeOptions={scopeOptions}
          budgets={Object.fromEntries(budgets.map((b) => [scopeKey(b.scope), formatUsd(b.monthlyPico)]))}
        />
        <details className="sub method"><summary>How anomalies are found</summary>{ANOMALY_METHOD}</details>
      </section>

      <section className="card" id="budgets">
        <h2>Budgets</h2>
        {budgets.length === 0 ? <p className="muted">No budgets yet. A monthly budget per scope lets rules use % levels; the overview shows its progress.</p> : (
          <div className="table-wrap">
            <table data-testid="budgets-table">
              <thead><tr><th>Scope</th><th className="num">Monthly budget</th><th>This month</th><th /></tr></thead>
              <tbody>
                {budgets.map((b) => (
                  <tr key={scopeKey(b.scope)}>
                    <td>{scopeLabel(b.scope)}</td>
                    <td className="num">{formatUsd(b.monthlyPico)}</td>
                    <td style={{ minWidth: 220 }}><BudgetBar spentPico={b.spentPico} budgetPico={b.monthlyPico} projectedPico={b.projectedPico} /></td>
                    <td><ActionButton action={setBudgetAction} fields={{ scopeKind: b.scope.kind, scopeValue: b.scope.value, amount: "" }} className="danger">Remove</ActionButton></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form action={setBudgetAction} className="grid-form" style={{ marginTop: 12 }} data-testid="budget-form">
          <label>Scope
            <select name="scopeKind" defaultValue="all">
              {Object.entries(SCOPE_KIND_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
            </select>
          </label>
          <label>Which (not for all usage)<input name="scopeValue" placeholder="proj_… / gpt-4o-mini / key_…" list="scope-any" /></label>
          <datalist id="scope-any">{Object.values(scopeOptions).flat().map((v) => <option key={v} value={v} />)}</datalist>
          <label>USD a month<input name="amount" inputMode="decimal" placeholder="2000" /></label>
          <button type="submit" className="primary">Set budget</button>
        </form>
      </section>

      <section className="card" id="channels">
        <h2>Channels</h2>
        <p className="sub">
          Webhooks get a JSON payload with a Slack-compatible <code>text</code>; with a secret, an <code>X-Tokentally-Signature-256: sha256=…</code> header (HMAC-SHA256 of the body).
          Email {smtp ? <>goes through <code>{smtp.host}:{smtp.port}</code> from <code>{smtp.from}</code>.</> : <strong className="warn-text">is not configured: set SMTP_HOST, SMTP_PORT, SMTP_TLS, SMTP_USER, SMTP_PASSWORD and SMTP_FROM before the server starts.</strong>}
        </p>
        {channels.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="channels-table">
              <thead><tr><th>Channel</th><th>Kind</th><th>Sends to</th><th /></tr></thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.id} data-channel={c.id}>
                    <td><strong>{c.name}</strong></td>
                    <td>{c.kind}{c.secret ? <div className="sub">signed</div> : null}</td>
                    <td className="wrap-anywhere"><code>{c.target}</code></td>
                    <td><div className="row-actions">
                      <ActionButton action={sendTestAction} fields={{ id: c.id }}>Send test</ActionButton>
                      <ActionButton action={deleteChannelAction} fields={{ id: c.id }} className="danger">Delete</ActionButton>
                    </div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <form action={saveChannelAction} className="grid-form" style={{ marginTop: 12 }} data-testid="channel-form">
          <label>Kind<select name="kind" defaultValue="webhook"><option value="webhook">Webhook</option><option value="email">Email</option></select></label>
          <label>Name<input name="name" placeholder="#spend-alerts" /></label>
          <label>URL or addresses<input name="target" placeholder="https://hooks.slack.com/… or a@b.com, c@d.com" /></label>
          <label>Signing secret (webhook, optional)<input name="secret" autoComplete="off" /></label>
          <button type="submit" className="primary">Add channel</button>
        </form>
      </section>

      <section className="card" id="history">
        <h2>History</h2>
        {history.length === 0 ? <p className="muted">No alert has fired yet.</p> : <HistoryTable firings={history} />}
      </section>
    </>
  );
}

/** One button posting a few hidden fields to a server action: the row actions of every table here. */
function ActionButton({ action, fields, className, children }: { action: (form: FormData) => Promise<void>; fields: Record<string, string | number>; className?: string; children: ReactNode }) {
  return (
    <form action={action}>
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" className={className}>{children}</button>
    </form>
  );
}

function HistoryTable({ firings }: { firings: Firing[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="history-table">
        <thead><tr><th>Fired (UTC)</th><th>Rule</th><th>Period</th><th className="num">Value</th><th className="num">Threshold</th><th>Deliveries</th></tr></thead>
        <tbody>
          {firings.map((f) => (
            <tr key={f.id} id={`firing-${f.id}`} data-firing={f.id}>
              <td className="nowrap">{f.firedAt}{f.acknowledgedAt ? <div className="sub">acknowledged</div> : <div className="sub warn-text">open</div>}</td>
              <td><strong>{f.ruleName}</strong><div className="sub">{scopeLabel(f.scope)} · {ALERT_KIND_LABELS[f.kind]} · {f.levelLabel}</div></td>
              <td className="nowrap">{f.period}</td>
              <td className="num" title={`$${formatUsdExact(f.valuePico)}`}>{formatCents(roundToCents(f.valuePico))}</td>
              <td className="num" title={`$${formatUsdExact(f.thresholdPico)}`}>{formatUsd(f.thresholdPico)}</td>
              <td>
                <div className="deliveries">
                  <span className="chip sent">in-app</span>
                  {f.deliveries.map((x) => (
                    <span key={x.id} className="delivery" data-delivery={x.id} data-status={x.status}>
                      <span className={`chip ${x.status}`} title={x.lastError ?? undefined}>{x.channelName}: {x.status}{x.attempts > 1 ? ` (${x.attempts} tries)` : ""}</span>
                      {x.lastError && x.status !== "sent" ? <span className="sub delivery-error">{x.lastError}</span> : null}
                      {x.status === "failed" || x.status === "quiet" ? (
                        <ActionButton action={retryDeliveryAction} fields={{ id: x.id }} className="small">{x.status === "quiet" ? "Send now" : "Retry"}</ActionButton>
                      ) : null}
                    </span>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
