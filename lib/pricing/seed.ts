import type Database from "better-sqlite3";
import { DEFAULT_PRICES } from "./defaultPrices";
import { priceEntryFromInput, type PriceEntry } from "./priceBook";

const PRICE_COLUMNS = `match_kind, match, applies_to, effective_from, training_pico, input_pico, cached_input_pico,
  output_pico, batch_input_pico, batch_cached_pico, batch_output_pico, source`;

function priceEntryParams(e: Omit<PriceEntry, "id">) {
  return [e.matchKind, e.match, e.appliesTo, e.effectiveFrom, e.trainingPico, e.inputPico, e.cachedInputPico,
    e.outputPico, e.batchInputPico, e.batchCachedPico, e.batchOutputPico, e.source];
}

/** Seeds the default price book into an empty price table (first start). */
export function seedDefaultPrices(sqlite: Database.Database): number {
  const insert = sqlite.prepare(`INSERT INTO price_entry (${PRICE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
  const seed = sqlite.transaction(() => {
    const { n } = sqlite.prepare(`SELECT count(*) AS n FROM price_entry`).get() as { n: bigint };
    if (n > 0n) return 0;
    for (const p of DEFAULT_PRICES) insert.run(...priceEntryParams(priceEntryFromInput(p)));
    return DEFAULT_PRICES.length;
  });
  return seed.immediate();
}
