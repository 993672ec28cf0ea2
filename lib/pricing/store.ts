import { db, type Db } from "../db";
import { PriceBook, priceEntryFromInput, priceTraining, priceUsage, type PriceEntry, type PriceInput, type MatchKind, type AppliesTo } from "./priceBook";
import { PRICE_COLUMNS, priceEntryParams } from "./seed";

interface PriceRow {
  id: bigint; match_kind: string; match: string; applies_to: string; effective_from: string;
  training_pico: bigint | null; input_pico: bigint; cached_input_pico: bigint; output_pico: bigint;
  batch_input_pico: bigint; batch_cached_pico: bigint; batch_output_pico: bigint; source: string;
}

function toEntry(r: PriceRow): PriceEntry {
  return {
    id: Number(r.id), matchKind: r.match_kind as MatchKind, match: r.match, appliesTo: r.applies_to as AppliesTo,
    effectiveFrom: r.effective_from, trainingPico: r.training_pico, inputPico: r.input_pico,
    cachedInputPico: r.cached_input_pico, outputPico: r.output_pico, batchInputPico: r.batch_input_pico,
    batchCachedPico: r.batch_cached_pico, batchOutputPico: r.batch_output_pico, source: r.source,
  };
}

export function listPrices(d: Db = db()): PriceEntry[] {
  const rows = d.sqlite.prepare(`SELECT * FROM price_entry ORDER BY match, applies_to, match_kind, effective_from`).all() as PriceRow[];
  return rows.map(toEntry);
}

export function loadPriceBook(d: Db = db()): PriceBook {
  return new PriceBook(listPrices(d));
}

/** Adds an entry, or replaces the one with the same match and effective date. Returns its id. */
export function upsertPrice(input: PriceInput, d: Db = db()): PriceEntry {
  const e = priceEntryFromInput(input);
  d.sqlite
    .prepare(
      `INSERT INTO price_entry (${PRICE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
       ON CONFLICT (match_kind, match, applies_to, effective_from) DO UPDATE SET
         training_pico = excluded.training_pico, input_pico = excluded.input_pico,
         cached_input_pico = excluded.cached_input_pico, output_pico = excluded.output_pico,
         batch_input_pico = excluded.batch_input_pico, batch_cached_pico = excluded.batch_cached_pico,
         batch_output_pico = excluded.batch_output_pico, source = excluded.source`,
    )
    .run(...priceEntryParams(e));
  const row = d.sqlite
    .prepare(`SELECT * FROM price_entry WHERE match_kind = ? AND match = ? AND applies_to = ? AND effective_from = ?`)
    .get(e.matchKind, e.match, e.appliesTo, e.effectiveFrom) as PriceRow;
  return toEntry(row);
}

export function deletePrice(id: number, d: Db = db()): boolean {
  return d.sqlite.prepare(`DELETE FROM price_entry WHERE id = ?`).run(id).changes > 0;
}

export interface RepriceChange {
  model: string;
  records: number;
  beforePico: bigint | null; // null: was unpriced
  afterPico: bigint | null;
}

export interface RepriceReport {
  examined: number;
  changed: number;
  newlyPriced: number;
  newlyUnpriced: number;
  beforePico: bigint;
  afterPico: bigint;
  byModel: RepriceChange[];
}

/**
 * Re-prices every stored usage record and training job against the current price book and reports
 * what changed. Records whose cost is unchanged are not written.
 */
export function repriceStored(d: Db = db()): RepriceReport {
  const book = loadPriceBook(d);
  const report: RepriceReport = { examined: 0, changed: 0, newlyPriced: 0, newlyUnpriced: 0, beforePico: 0n, afterPico: 0n, byModel: [] };
  const byModel = new Map<string, RepriceChange>();
  const note = (model: string, before: bigint | null, after: bigint | null) => {
    report.changed++;
    if (before == null) report.newlyPriced++;
    if (after == null) report.newlyUnpriced++;
    const c = byModel.get(model) ?? { model, records: 0, beforePico: 0n, afterPico: 0n };
    c.records++;
    c.beforePico = before == null || c.beforePico == null ? null : c.beforePico + before;
    c.afterPico = after == null || c.afterPico == null ? null : c.afterPico + after;
    byModel.set(model, c);
  };
  const resolved = new Map<string, PriceEntry | null>();
  const run = d.sqlite.transaction(() => {
    const updateUsage = d.sqlite.prepare(`UPDATE usage_record SET cost_pico = ?, price_entry_id = ? WHERE id = ?`);
    const rows = d.sqlite.prepare(
      `SELECT id, model, day, batch, input_tokens, cached_tokens, output_tokens, cost_pico, price_entry_id FROM usage_record`,
    );
    const pending: [bigint | null, number | null, bigint][] = [];
    for (const r of rows.iterate() as Iterable<{ id: bigint; model: string; day: string; batch: bigint; input_tokens: bigint; cached_tokens: bigint; output_tokens: bigint; cost_pico: bigint | null; price_entry_id: bigint | null }>) {
      report.examined++;
      const key = `${r.model}\u0000${r.day}`;
      let entry = resolved.get(key);
      if (entry === undefined) resolved.set(key, (entry = book.resolve(r.model, r.day)));
      const cost = entry
        ? priceUsage({ inputTokens: Number(r.input_tokens), cachedTokens: Number(r.cached_tokens), outputTokens: Number(r.output_tokens), batch: r.batch === 1n }, entry)
        : null;
      if (r.cost_pico != null) report.beforePico += r.cost_pico;
      if (cost != null) report.afterPico += cost;
      if (cost !== r.cost_pico || (entry?.id ?? null) !== (r.price_entry_id == null ? null : Number(r.price_entry_id))) {
        if (cost !== r.cost_pico) note(r.model, r.cost_pico, cost);
        pending.push([cost, entry?.id ?? null, r.id]);
      }
    }
    for (const p of pending) updateUsage.run(...p);

    const updateJob = d.sqlite.prepare(`UPDATE training_job SET cost_pico = ?, price_entry_id = ? WHERE id = ?`);
    const jobs = d.sqlite.prepare(`SELECT id, model, fine_tuned_model, trained_tokens, day, cost_pico FROM training_job WHERE status = 'succeeded'`).all() as { id: string; model: string; fine_tuned_model: string | null; trained_tokens: bigint | null; day: string | null; cost_pico: bigint | null }[];
    for (const j of jobs) {
      report.examined++;
      const entry = j.day ? book.resolve(j.model, j.day, "training") : null;
      const cost = entry && j.trained_tokens != null ? priceTraining(Number(j.trained_tokens), entry) : null;
      if (j.cost_pico != null) report.beforePico += j.cost_pico;
      if (cost != null) report.afterPico += cost;
      if (cost !== j.cost_pico) {
        note(j.fine_tuned_model ?? j.model, j.cost_pico, cost);
        updateJob.run(cost, entry?.id ?? null, j.id);
      }
    }
  });
  run.immediate();
  report.byModel = [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  return report;
}
