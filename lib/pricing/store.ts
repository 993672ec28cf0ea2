import { db, type Db } from "../db";
import { getSetting } from "../db/settings";
import { PriceBook, priceEntryFromInput, priceTraining, priceUsage, type PriceEntry, type PriceInput, type MatchKind, type AppliesTo } from "./priceBook";

type PriceRow = Awaited<ReturnType<Db["prisma"]["priceEntry"]["findFirstOrThrow"]>>;

function toEntry(r: PriceRow): PriceEntry {
  const { createdAt: _created, ...rest } = r;
  return { ...rest, matchKind: r.matchKind as MatchKind, appliesTo: r.appliesTo as AppliesTo };
}

const VERSION_KEY = "price_book_version";

/** Bumped by every change to the price book, so a long import can tell that its prices went stale. */
export function priceBookVersion(d: Db = db()): string {
  return getSetting(d, VERSION_KEY) ?? "0";
}

function bumpPriceBookVersion(d: Db) {
  d.sqlite
    .prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, '1', CURRENT_TIMESTAMP)
              ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1, updated_at = CURRENT_TIMESTAMP`)
    .run(VERSION_KEY);
}

export async function listPrices(d: Db = db()): Promise<PriceEntry[]> {
  const rows = await d.prisma.priceEntry.findMany({ orderBy: [{ match: "asc" }, { appliesTo: "asc" }, { matchKind: "asc" }, { effectiveFrom: "asc" }] });
  return rows.map(toEntry);
}

export async function loadPriceBook(d: Db = db()): Promise<PriceBook> {
  return new PriceBook(await listPrices(d));
}

/** Adds an entry, or replaces the one with the same match, scope and effective date. */
export async function upsertPrice(input: PriceInput, d: Db = db()): Promise<PriceEntry> {
  const { matchKind, match, appliesTo, effectiveFrom, ...prices } = priceEntryFromInput(input);
  const row = await d.prisma.priceEntry.upsert({
    where: { matchKind_match_appliesTo_effectiveFrom: { matchKind, match, appliesTo, effectiveFrom } },
    create: { matchKind, match, appliesTo, effectiveFrom, ...prices },
    update: prices,
  });
  bumpPriceBookVersion(d);
  return toEntry(row);
}

export async function deletePrice(id: number, d: Db = db()): Promise<boolean> {
  const deleted = (await d.prisma.priceEntry.deleteMany({ where: { id } })).count > 0;
  if (deleted) bumpPriceBookVersion(d);
  return deleted;
}

const REPRICE_PAGE = 5_000;

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
export async function repriceStored(d: Db = db()): Promise<RepriceReport> {
  const book = await loadPriceBook(d);
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
    // in pages by id: a connection cannot write while it iterates, and a page bounds the memory
    const page = d.sqlite.prepare(
      `SELECT id, model, day, batch, input_tokens, cached_tokens, output_tokens, cost_pico, price_entry_id
       FROM usage_record WHERE id > ? ORDER BY id LIMIT ${REPRICE_PAGE}`,
    );
    type Row = { id: bigint; model: string; day: string; batch: bigint; input_tokens: bigint; cached_tokens: bigint; output_tokens: bigint; cost_pico: bigint | null; price_entry_id: bigint | null };
    for (let after = 0n, rows = page.all(after) as Row[]; rows.length > 0; after = rows[rows.length - 1].id, rows = page.all(after) as Row[]) {
      for (const r of rows) {
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
          updateUsage.run(cost, entry?.id ?? null, r.id);
        }
      }
    }

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
