"use client";
import { useState, useTransition } from "react";
import { deletePriceAction, importLiteLLMAction, repriceAction, savePriceAction, type PricingResult } from "./actions";

export interface PriceRow {
  id: number;
  match: string;
  matchKind: string;
  appliesTo: string;
  effectiveFrom: string;
  source: string;
  state: "in force" | "superseded" | "scheduled";
  training: string;
  input: string;
  cachedInput: string;
  output: string;
  batchInput: string;
  batchCachedInput: string;
  batchOutput: string;
}

type Draft = Partial<PriceRow> & { replaces?: number };

export function PricingPanel({ rows, today, prefill }: { rows: PriceRow[]; today: string; prefill?: { match: string; appliesTo: string; effectiveFrom: string } }) {
  const [result, setResult] = useState<PricingResult | null>(null);
  const [draft, setDraft] = useState<Draft>(prefill ? { ...prefill, matchKind: "family" } : { matchKind: "family", appliesTo: "fine-tuned", effectiveFrom: today });
  const [formKey, setFormKey] = useState(0);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<PricingResult>) => start(async () => {
    const r = await action();
    setResult(r);
    if (r.ok) window.scrollTo({ top: 0, behavior: "smooth" });
  });
  const edit = (r: PriceRow) => { setDraft({ ...r, replaces: r.id }); setFormKey((k) => k + 1); document.getElementById("price-form")?.scrollIntoView({ behavior: "smooth" }); };

  return (
    <>
      {result ? <ResultBox result={result} /> : null}
      <section className="card">
        <div className="page-head" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Price book</h2>
          <button disabled={pending} onClick={() => run(() => repriceAction())} data-testid="reprice">Re-price all records</button>
        </div>
        <div className="table-wrap">
          <table data-testid="price-table">
            <thead>
              <tr><th>Model</th><th>Applies to</th><th>From</th><th className="num">Training</th><th className="num">Input</th><th className="num">Cached</th><th className="num">Output</th><th className="num">Batch in / cached / out</th><th>Source</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-price={r.id} className={r.state === "superseded" ? "muted" : undefined}>
                  <td><code>{r.match}</code> <span className="sub">{r.matchKind}</span></td>
                  <td>{r.appliesTo}</td>
                  <td>{r.effectiveFrom}<div className="sub">{r.state}</div></td>
                  <td className="num">{r.training ? `$${r.training}` : "—"}</td>
                  <td className="num">${r.input}</td>
                  <td className="num">${r.cachedInput}</td>
                  <td className="num">${r.output}</td>
                  <td className="num">${r.batchInput} / ${r.batchCachedInput} / ${r.batchOutput}</td>
                  <td className="sub">{r.source}</td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    <button onClick={() => edit(r)}>Edit</button>{" "}
                    <button className="danger" disabled={pending} onClick={() => {
                      if (!confirm(`Delete the price #${r.id} for ${r.match} from ${r.effectiveFrom}? Records it priced are re-priced.`)) return;
                      const fd = new FormData(); fd.set("id", String(r.id));
                      run(() => deletePriceAction({}, fd));
                    }}>Delete</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" id="price-form">
        <h2>{draft.replaces ? `Edit price #${draft.replaces}` : "Add or override a price"}</h2>
        <form key={formKey} className="grid-form" data-testid="price-form" action={(fd) => run(() => savePriceAction({}, fd))}>
          {draft.replaces ? <input type="hidden" name="replaces" value={draft.replaces} /> : null}
          <label>Model<input name="match" defaultValue={draft.match ?? ""} placeholder="gpt-4o-mini" required /></label>
          <label>Match by
            <select name="matchKind" defaultValue={draft.matchKind}>
              <option value="family">family (gpt-4o-mini)</option><option value="exact">exact model id</option><option value="pattern">pattern with *</option>
            </select>
          </label>
          <label>Applies to
            <select name="appliesTo" defaultValue={draft.appliesTo}>
              <option value="fine-tuned">fine-tuned use and training</option><option value="base">base-model use</option>
            </select>
          </label>
          <label>Effective from<input type="date" name="effectiveFrom" defaultValue={draft.effectiveFrom} required /></label>
          <label>Training<input name="training" inputMode="decimal" defaultValue={draft.training ?? ""} placeholder="none" /></label>
          <label>Input *<input name="input" inputMode="decimal" defaultValue={draft.input ?? ""} required /></label>
          <label>Output *<input name="output" inputMode="decimal" defaultValue={draft.output ?? ""} required /></label>
          <label>Cached input<input name="cachedInput" inputMode="decimal" defaultValue={draft.cachedInput ?? ""} placeholder="50% of input" /></label>
          <label>Batch input<input name="batchInput" inputMode="decimal" defaultValue={draft.batchInput ?? ""} placeholder="50% of input" /></label>
          <label>Batch cached<input name="batchCachedInput" inputMode="decimal" defaultValue={draft.batchCachedInput ?? ""} placeholder="50% of cached" /></label>
          <label>Batch output<input name="batchOutput" inputMode="decimal" defaultValue={draft.batchOutput ?? ""} placeholder="50% of output" /></label>
          <div>
            <button type="submit" className="primary" disabled={pending} data-testid="save-price">{pending ? "Saving…" : "Save and re-price"}</button>{" "}
            {draft.replaces ? <button type="button" onClick={() => { setDraft({ matchKind: "family", appliesTo: "fine-tuned", effectiveFrom: today }); setFormKey((k) => k + 1); }}>New instead</button> : null}
          </div>
        </form>
      </section>

      <section className="card">
        <h2>Import LiteLLM prices</h2>
        <p className="sub">LiteLLM&apos;s <code>model_prices_and_context_window.json</code>: its OpenAI entries become price entries (<code>ft:</code> keys for fine-tuned use, the rest for base-model use).</p>
        <form className="inline-form" action={(fd) => run(() => importLiteLLMAction({}, fd))}>
          <input type="file" name="file" accept=".json,application/json" required />
          <input type="date" name="effectiveFrom" defaultValue={today} required aria-label="Effective from" />
          <button type="submit" disabled={pending}>Import and re-price</button>
        </form>
      </section>
    </>
  );
}

function ResultBox({ result }: { result: PricingResult }) {
  if (result.error) return <div className="banner error-banner" role="alert" data-testid="pricing-error">{result.error}</div>;
  const r = result.report;
  return (
    <div className="banner ok-banner" role="status" data-testid="pricing-result">
      <strong>{result.ok}</strong>
      {r ? (
        <>
          <div>Re-priced {r.examined.toLocaleString("en-US")} records: {r.changed.toLocaleString("en-US")} changed ({r.newlyPriced} newly priced, {r.newlyUnpriced} now unpriced). Total {r.before} → <strong>{r.after}</strong>.</div>
          {r.byModel.length ? (
            <ul>{r.byModel.map((m) => <li key={m.model}><code>{m.model}</code>: {m.records.toLocaleString("en-US")} records, {m.before ?? "unpriced"} → {m.after ?? "unpriced"}</li>)}</ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
