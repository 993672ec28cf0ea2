/**
 * SQL pieces for money. Costs are integer picodollars; a plain SUM of them would overflow SQLite's
 * 64-bit integers past $9.2M, so sums are taken in two parts (whole milli-dollars and the remainder)
 * and joined exactly in JavaScript.
 */
export function sumMoney(column: string, alias: string): string {
  return `SUM(${column} / 1000000000) AS ${alias}_hi, SUM(${column} % 1000000000) AS ${alias}_lo`;
}

/** The same two parts summed over the usage_daily rollup, which stores them per row. */
export function sumRollupMoney(alias: string): string {
  return `SUM(cost_hi) AS ${alias}_hi, SUM(cost_lo) AS ${alias}_lo`;
}

export function readMoney(row: Record<string, unknown>, alias: string): bigint {
  const hi = (row[`${alias}_hi`] as bigint | null) ?? 0n;
  const lo = (row[`${alias}_lo`] as bigint | null) ?? 0n;
  return hi * 1_000_000_000n + lo;
}

/** First day of the month and first day of the next, for `day >= ? AND day < ?`. */
export function monthRange(month: string): [string, string] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month "${month}" is not YYYY-MM`);
  const [y, m] = month.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return [`${month}-01`, `${next}-01`];
}

/** The same month as unix seconds [start, next start), UTC: usage is filtered on bucket_start, which
 * leads the natural-key index. */
export function monthSeconds(month: string): [number, number] {
  const [from, to] = monthRange(month);
  return [Date.parse(`${from}T00:00:00Z`) / 1000, Date.parse(`${to}T00:00:00Z`) / 1000];
}

export const num = (v: unknown) => Number((v as bigint | null) ?? 0n);
