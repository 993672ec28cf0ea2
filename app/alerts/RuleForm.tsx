"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { saveRuleAction, type ActionMessage } from "./actions";

export interface RuleDraft {
  id?: number;
  name: string;
  enabled: boolean;
  scopeKind: string;
  scopeValue: string;
  kind: string;
  unit: string;
  levels: string;
  minAmount: string;
  sensitivity: string;
  quietHours: string;
  channelIds: number[];
}

export const EMPTY_RULE: RuleDraft = {
  name: "", enabled: true, scopeKind: "all", scopeValue: "", kind: "actual", unit: "percent", levels: "50, 80, 100", minAmount: "10", sensitivity: "3.5", quietHours: "", channelIds: [],
};

const KIND_HELP: Record<string, string> = {
  actual: "Fires when the month-to-date spend reaches each level, once a month per level.",
  forecast: "Fires when the projected month end (the overview's projection) reaches each level, once a month per level: a warning before the spend does.",
  daily: "Fires when one day's spend (training included) reaches the amount, once a day. Checks today and the two days before.",
  anomaly: "Fires when a day's inference spend is far above the median of the 28 days before it (median + sensitivity × 1.4826 × MAD), and at least the minimum amount above it.",
};

const SCOPE_PLACEHOLDER: Record<string, string> = { model: "ft:gpt-4o-mini-2024-07-18:acme:support:abc", base_model: "gpt-4o-mini", project: "proj_…", api_key: "key_…" };

export function RuleForm({ draft, channels, scopeOptions, budgets }: {
  draft: RuleDraft;
  channels: { id: number; name: string; kind: string }[];
  scopeOptions: Record<string, string[]>;
  /** "kind:value" → "$2,000.00" */
  budgets: Record<string, string>;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState(draft.kind);
  const [scopeKind, setScopeKind] = useState(draft.scopeKind);
  const [scopeValue, setScopeValue] = useState(draft.scopeValue);
  const [unit, setUnit] = useState(draft.unit);
  const [result, setResult] = useState<ActionMessage | null>(null);
  const [pending, start] = useTransition();
  const budget = budgets[`${scopeKind}:${scopeKind === "all" ? "" : scopeValue.trim()}`];

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    start(async () => {
      const r = await saveRuleAction(fd);
      setResult(r);
      if (r.ok) {
        if (draft.id) router.push("/alerts#rules");
        else {
          form.current?.reset();
          setKind(draft.kind);
          setScopeKind(draft.scopeKind);
          setScopeValue(draft.scopeValue);
          setUnit(draft.unit);
          // drop an earlier message from the address; the page re-reads its rules
          router.replace("/alerts", { scroll: false });
        }
      }
    });
  };

  return (
    <form ref={form} className="form" onSubmit={submit} data-testid="rule-form" noValidate>
      {draft.id ? <input type="hidden" name="id" value={draft.id} /> : null}
      <div className="grid-form">
        <label>Name<input name="name" defaultValue={draft.name} placeholder="Monthly budget" required maxLength={120} /></label>
        <label>Watch
          <select name="scopeKind" value={scopeKind} onChange={(e) => setScopeKind(e.target.value)}>
            <option value="all">All usage</option>
            <option value="model">One fine-tuned model</option>
            <option value="base_model">One base model</option>
            <option value="project">One project</option>
            <option value="api_key">One API key</option>
          </select>
        </label>
        {scopeKind !== "all" ? (
          <label>Which
            <input name="scopeValue" value={scopeValue} onChange={(e) => setScopeValue(e.target.value)} list={`scope-${scopeKind}`} placeholder={SCOPE_PLACEHOLDER[scopeKind]} required />
            <datalist id={`scope-${scopeKind}`}>{(scopeOptions[scopeKind] ?? []).map((v) => <option key={v} value={v} />)}</datalist>
          </label>
        ) : null}
        <label>Alert when
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="actual">Month-to-date spend reaches</option>
            <option value="forecast">Projected month end reaches</option>
            <option value="daily">A day&apos;s spend reaches</option>
            <option value="anomaly">A day is anomalous</option>
          </select>
        </label>
        {kind === "actual" || kind === "forecast" ? (
          <>
            <label>Levels in
              <select name="unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                <option value="percent">% of the monthly budget</option>
                <option value="usd">USD</option>
              </select>
            </label>
            <label>{unit === "percent" ? "Levels (%)" : "Levels (USD)"}
              <input name="levels" defaultValue={draft.unit === unit ? draft.levels : unit === "percent" ? "50, 80, 100" : ""} placeholder={unit === "percent" ? "50, 80, 100" : "1000, 2500"} />
            </label>
          </>
        ) : null}
        {kind === "daily" ? (
          <label>Amount a day (USD)<input name="levels" defaultValue={draft.kind === "daily" ? draft.levels : ""} placeholder="200" inputMode="decimal" /></label>
        ) : null}
        {kind === "anomaly" ? (
          <>
            <label>Minimum amount above usual (USD)<input name="minAmount" defaultValue={draft.minAmount} inputMode="decimal" /></label>
            <label>Sensitivity (× scaled MAD)<input name="sensitivity" defaultValue={draft.sensitivity} inputMode="decimal" /></label>
          </>
        ) : null}
        <label>Quiet period (hours, optional)<input name="quietHours" defaultValue={draft.quietHours} inputMode="decimal" placeholder="none" /></label>
      </div>
      <p className="sub" data-testid="kind-help">
        {KIND_HELP[kind]}
        {(kind === "actual" || kind === "forecast") && unit === "percent" ? (budget ? ` This scope's budget: ${budget} a month.` : " This scope has no monthly budget yet: set one under Budgets, or use USD levels.") : null}
        {" "}A quiet period holds this rule&apos;s webhooks and mails for that long after it fires (they stay in the history, ready to send).
      </p>
      <fieldset className="channels-field">
        <legend>Send to</legend>
        <label className="check"><input type="checkbox" checked disabled /> In-app banner and history (always)</label>
        {channels.map((c) => (
          <label key={c.id} className="check"><input type="checkbox" name="channelIds" value={c.id} defaultChecked={draft.channelIds.includes(c.id)} /> {c.name} <span className="sub">({c.kind})</span></label>
        ))}
        {channels.length === 0 ? <span className="sub">Add a webhook or email channel below to be told outside Tokentally.</span> : null}
      </fieldset>
      <label className="check"><input type="checkbox" name="enabled" defaultChecked={draft.enabled} /> Enabled</label>
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>{draft.id ? "Save rule" : "Create rule"}</button>
        {draft.id ? <a href="/alerts#rules" className="button">Cancel</a> : null}
      </div>
      {result?.error ? <p className="error" role="alert" data-testid="rule-error">{result.error}</p> : null}
      {result?.ok ? <p className="ok-text" role="status" data-testid="rule-ok">{result.ok}</p> : null}
    </form>
  );
}
