import { db, type Db } from "../db";
import type { MonthTokens } from "../planning/whatIf";
import { monthRange, num } from "./sql";

/** A month's inference tokens, split by batch, from the daily rollup (priced or not). */
export function getMonthTokens(month: string, d: Db = db()): MonthTokens[] {
  const [from, to] = monthRange(month);
  return (d.sqlite.prepare(
    `SELECT batch, SUM(input_tokens) AS input_tokens, SUM(cached_tokens) AS cached_tokens, SUM(output_tokens) AS output_tokens
     FROM usage_daily WHERE day >= ? AND day < ? GROUP BY batch`,
  ).all(from, to) as Record<string, unknown>[]).map((r) => ({
    batch: r.batch === 1n, inputTokens: num(r.input_tokens), cachedTokens: num(r.cached_tokens), outputTokens: num(r.output_tokens),
  }));
}
