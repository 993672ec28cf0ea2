import type { Db } from "../db";
import type { BilledRow, JobRow, ParsedItem, UsageRow } from "../formats";
import { utcDay } from "../formats/fields";
import { parseModelId } from "../pricing/modelId";
import { priceTraining, priceUsage, type PriceBook, type PriceEntry } from "../pricing/priceBook";

/** SQLite integers are 64-bit: one record holds at most ~$9.2M in picodollars. */
const MAX_STORED_PICO = 9_223_372_036_854_775_807n;
const MAX_STORED_USD = "9,223,372";

const KEY = `bucket_start = ? AND bucket_end = ? AND model = ? AND project_id = ? AND api_key_id = ? AND user_id = ? AND batch = ? AND service_tier = ?`;

/**
 * Writes parsed items for one import run through prepared statements, one transaction per batch.
 * A record already stored with the same natural key and values is a duplicate; with other values it
 * is updated (and re-priced). Rejected rows are kept with their line and reason.
 */
export function createWriter(d: Db, importId: number, book: PriceBook) {
  const sql = d.sqlite;
  // model → day → entry: resolved once per model and day, not per row
  const resolved = { usage: new Map<string, Map<string, PriceEntry | null>>(), training: new Map<string, Map<string, PriceEntry | null>>() };
  const identities = new Map<string, { baseModel: string; fineTuned: number }>();

  const insertUsage = sql.prepare(
    `INSERT OR IGNORE INTO usage_record (bucket_start, bucket_end, day, model, base_model, fine_tuned, project_id, api_key_id, user_id, batch, service_tier,
       requests, input_tokens, cached_tokens, output_tokens, cost_pico, price_entry_id, import_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const updateUsage = sql.prepare(
    `UPDATE usage_record SET requests = ?, input_tokens = ?, cached_tokens = ?, output_tokens = ?, cost_pico = ?, price_entry_id = ?, import_id = ?
     WHERE ${KEY} AND (requests != ? OR input_tokens != ? OR cached_tokens != ? OR output_tokens != ?)`,
  );
  const insertJob = sql.prepare(
    `INSERT OR IGNORE INTO training_job (id, model, base_model, fine_tuned_model, status, trained_tokens, epochs, finished_at, day, cost_pico, price_entry_id, import_id)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const updateJob = sql.prepare(
    `UPDATE training_job SET model = ?, base_model = ?, fine_tuned_model = ?, status = ?, trained_tokens = ?, epochs = ?, finished_at = ?, day = ?, cost_pico = ?, price_entry_id = ?, import_id = ?
     WHERE id = ? AND (model IS NOT ? OR fine_tuned_model IS NOT ? OR status IS NOT ? OR trained_tokens IS NOT ? OR epochs IS NOT ? OR finished_at IS NOT ?)`,
  );
  const insertBilled = sql.prepare(
    `INSERT OR IGNORE INTO billed_cost (bucket_start, bucket_end, day, line_item, project_id, organization_id, currency, amount_pico, import_id) VALUES (?,?,?,?,?,?,?,?,?)`,
  );
  const updateBilled = sql.prepare(
    `UPDATE billed_cost SET amount_pico = ?, import_id = ? WHERE bucket_start = ? AND bucket_end = ? AND line_item = ? AND project_id = ? AND organization_id = ? AND currency = ? AND amount_pico != ?`,
  );
  // the rollup's share of new records, summed per group over a batch (migration 20261125100000):
  // the same sums the UPDATE and DELETE triggers keep for changed and removed records
  const addToRollup = sql.prepare(
    `INSERT INTO usage_daily (day, model, base_model, project_id, api_key_id, batch, records, requests, input_tokens, cached_tokens, output_tokens,
       cost_hi, cost_lo, unpriced_tokens, unpriced_rows) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
     ON CONFLICT (day, model, project_id, api_key_id, batch) DO UPDATE SET
       records = records + excluded.records, requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
       cached_tokens = cached_tokens + excluded.cached_tokens, output_tokens = output_tokens + excluded.output_tokens,
       cost_hi = cost_hi + excluded.cost_hi, cost_lo = cost_lo + excluded.cost_lo,
       unpriced_tokens = unpriced_tokens + excluded.unpriced_tokens, unpriced_rows = unpriced_rows + excluded.unpriced_rows`,
  );
  interface RollupGroup {
    key: [string, string, string, string, string, number];
    records: number; requests: number; input: number; cached: number; output: number; hi: bigint; lo: bigint; unpricedTokens: number; unpricedRows: number;
  }
  let rollup = new Map<string, RollupGroup>();
  const addRecord = (day: string, r: UsageRow, baseModel: string, batch: number, cost: bigint | null) => {
    const k = `${day}\u0000${r.model}\u0000${r.projectId}\u0000${r.apiKeyId}\u0000${batch}`;
    let g = rollup.get(k);
    if (!g) {
      rollup.set(k, (g = { key: [day, r.model, baseModel, r.projectId, r.apiKeyId, batch], records: 0, requests: 0, input: 0, cached: 0, output: 0, hi: 0n, lo: 0n, unpricedTokens: 0, unpricedRows: 0 }));
    }
    g.records++;
    g.requests += r.requests;
    g.input += r.inputTokens;
    g.cached += r.cachedTokens;
    g.output += r.outputTokens;
    if (cost == null) {
      g.unpricedTokens += r.inputTokens + r.outputTokens;
      g.unpricedRows++;
    } else {
      g.hi += cost / 1_000_000_000n;
      g.lo += cost % 1_000_000_000n;
    }
  };
  const flushRollup = () => {
    if (rollup.size === 0) return;
    for (const g of rollup.values()) addToRollup.run(...g.key, g.records, g.requests, g.input, g.cached, g.output, g.hi, g.lo, g.unpricedTokens, g.unpricedRows);
    rollup = new Map();
  };

  const insertRejected = sql.prepare(`INSERT INTO rejected_row (import_id, line, reason, raw) VALUES (?, ?, ?, ?)`);
  const updateRun = sql.prepare(
    `UPDATE import_run SET imported = imported + ?, updated = updated + ?, duplicates = duplicates + ?, rejected = rejected + ?, skipped = skipped + ?, rows_done = ? WHERE id = ?`,
  );

  const identity = (model: string) => {
    let id = identities.get(model);
    if (!id) {
      const m = parseModelId(model);
      identities.set(model, (id = { baseModel: m.family, fineTuned: m.fineTuned ? 1 : 0 }));
    }
    return id;
  };
  const priceFor = (model: string, day: string, use: "usage" | "training") => {
    let byDay = resolved[use].get(model);
    if (!byDay) resolved[use].set(model, (byDay = new Map()));
    let e = byDay.get(day);
    if (e === undefined) byDay.set(day, (e = book.resolve(model, day, use)));
    return e;
  };

  let counts = { imported: 0, updated: 0, duplicates: 0, rejected: 0, skipped: 0 };
  const outcome = (changes: number, updated: () => number) => {
    if (changes === 1) counts.imported++;
    else if (updated() === 1) counts.updated++;
    else counts.duplicates++;
  };

  /** returns why the row cannot be stored, or undefined once it is */
  const writeUsage = (r: UsageRow): string | undefined => {
    const day = utcDay(r.bucketStart);
    const { baseModel, fineTuned } = identity(r.model);
    const entry = priceFor(r.model, day, "usage");
    const cost = entry ? priceUsage(r, entry) : null;
    if (cost != null && cost > MAX_STORED_PICO) return `cost of this row exceeds ${MAX_STORED_USD} USD, more than one stored record can hold`;
    const batch = r.batch ? 1 : 0;
    const ins = insertUsage.run(r.bucketStart, r.bucketEnd, day, r.model, baseModel, fineTuned, r.projectId, r.apiKeyId, r.userId, batch, r.serviceTier,
      r.requests, r.inputTokens, r.cachedTokens, r.outputTokens, cost, entry?.id ?? null, importId);
    if (ins.changes === 1) addRecord(day, r, baseModel, batch, cost);
    outcome(ins.changes, () => {
      // the UPDATE trigger subtracts the stored record from the rollup: what this batch added must be there
      flushRollup();
      return updateUsage.run(r.requests, r.inputTokens, r.cachedTokens, r.outputTokens, cost, entry?.id ?? null, importId,
        r.bucketStart, r.bucketEnd, r.model, r.projectId, r.apiKeyId, r.userId, batch, r.serviceTier,
        r.requests, r.inputTokens, r.cachedTokens, r.outputTokens).changes;
    });
  };

  const writeJob = (j: JobRow) => {
    if (j.status !== "succeeded") counts.skipped++;
    const day = j.finishedAt != null ? utcDay(j.finishedAt) : null;
    const entry = j.status === "succeeded" && day ? priceFor(j.model, day, "training") : null;
    const cost = entry && j.trainedTokens != null ? priceTraining(j.trainedTokens, entry) : null;
    const base = parseModelId(j.model).family;
    const values = [j.model, base, j.fineTunedModel, j.status, j.trainedTokens, j.epochs, j.finishedAt, day, cost, entry?.id ?? null, importId] as const;
    const ins = insertJob.run(j.id, ...values);
    outcome(ins.changes, () =>
      updateJob.run(...values, j.id, j.model, j.fineTunedModel, j.status, j.trainedTokens, j.epochs, j.finishedAt).changes);
  };

  const writeBilled = (b: BilledRow) => {
    const key = [b.bucketStart, b.bucketEnd, b.lineItem, b.projectId, b.organizationId, b.currency] as const;
    const ins = insertBilled.run(b.bucketStart, b.bucketEnd, utcDay(b.bucketStart), b.lineItem, b.projectId, b.organizationId, b.currency, b.amountPico, importId);
    outcome(ins.changes, () => updateBilled.run(b.amountPico, importId, ...key, b.amountPico).changes);
  };

  const commit = sql.transaction((items: ParsedItem[], seenAfter: number) => {
    counts = { imported: 0, updated: 0, duplicates: 0, rejected: 0, skipped: 0 };
    rollup = new Map(); // a batch that failed before its flush was rolled back with its records
    let seq = seenAfter - items.length;
    for (const item of items) {
      seq++;
      switch (item.kind) {
        case "usage": {
          const refused = writeUsage(item.row);
          if (refused) {
            counts.rejected++;
            insertRejected.run(importId, item.line ?? -seq, refused, JSON.stringify(item.row));
          }
          break;
        }
        case "job": writeJob(item.row); break;
        case "billed": writeBilled(item.row); break;
        case "reject":
          counts.rejected++;
          // rows without a physical line (JSON) are numbered negatively by position
          insertRejected.run(importId, item.line ?? -seq, item.reason, item.raw.slice(0, 10_000));
          break;
      }
    }
    flushRollup();
    updateRun.run(counts.imported, counts.updated, counts.duplicates, counts.rejected, counts.skipped, seenAfter, importId);
  });

  return { commit: (items: ParsedItem[], seenAfter: number) => commit.immediate(items, seenAfter) };
}
