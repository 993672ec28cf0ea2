import { db, type Db } from "../db";
import { parseLiteLLMPrices } from "./litellm";
import type { PriceEntry, PriceInput } from "./priceBook";
import { deletePrice, repriceStored, upsertPrice, type RepriceReport } from "./store";

/**
 * Changes to the price book as users make them (the Pricing page and the CLI): each one re-prices the
 * stored records and reports what changed, so no record keeps a superseded price.
 */
export async function savePrice(input: PriceInput, opts: { replaces?: number } = {}, d: Db = db()): Promise<{ entry: PriceEntry; report: RepriceReport }> {
  const entry = await upsertPrice(input, d);
  // an edit that moved the entry's match, scope or date leaves the old entry behind: remove it
  if (opts.replaces != null && opts.replaces !== entry.id) await deletePrice(opts.replaces, d);
  return { entry, report: await repriceStored(d) };
}

export async function removePrice(id: number, d: Db = db()): Promise<RepriceReport | null> {
  if (!(await deletePrice(id, d))) return null;
  return repriceStored(d);
}

export async function importLiteLLM(doc: unknown, opts: { effectiveFrom: string; source: string }, d: Db = db()) {
  const parsed = parseLiteLLMPrices(doc, opts);
  for (const p of parsed.prices) await upsertPrice(p, d);
  return { imported: parsed.prices.length, skipped: parsed.skipped.length, report: await repriceStored(d) };
}
