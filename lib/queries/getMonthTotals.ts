import { db, type Db } from "../db";
import type { Pico } from "../money";
import { monthRange, num, readMoney, sumMoney, sumRollupMoney } from "./sql";

export interface MonthTotal {
  month: string;
  costPico: Pico;
  trainingPico: Pico;
  inferencePico: Pico;
  unpricedTokens: number;
  unpricedRows: number;
  records: number;
}

/** Every month with usage or training, newest first (usage from the daily rollup). */
export function getMonthTotals(d: Db = db()): MonthTotal[] {
  const months = new Map<string, MonthTotal>();
  const get = (month: string) => {
    let m = months.get(month);
    if (!m) months.set(month, (m = { month, costPico: 0n, trainingPico: 0n, inferencePico: 0n, unpricedTokens: 0, unpricedRows: 0, records: 0 }));
    return m;
  };
  for (const r of d.sqlite.prepare(
    `SELECT substr(day, 1, 7) AS month, ${sumRollupMoney("cost")}, SUM(records) AS records,
       SUM(unpriced_tokens) AS unpriced_tokens, SUM(unpriced_rows) AS unpriced_rows
     FROM usage_daily GROUP BY 1`,
  ).all() as Record<string, unknown>[]) {
    const m = get(String(r.month));
    m.inferencePico += readMoney(r, "cost");
    m.records += num(r.records);
    m.unpricedTokens += num(r.unpriced_tokens);
    m.unpricedRows += num(r.unpriced_rows);
  }
  for (const r of d.sqlite.prepare(
    `SELECT substr(day, 1, 7) AS month, ${sumMoney("cost_pico", "cost")}, count(*) AS records,
       SUM(CASE WHEN cost_pico IS NULL THEN coalesce(trained_tokens, 0) ELSE 0 END) AS unpriced_tokens,
       SUM(CASE WHEN cost_pico IS NULL THEN 1 ELSE 0 END) AS unpriced_rows
     FROM training_job WHERE status = 'succeeded' AND day IS NOT NULL GROUP BY 1`,
  ).all() as Record<string, unknown>[]) {
    const m = get(String(r.month));
    m.trainingPico += readMoney(r, "cost");
    m.records += num(r.records);
    m.unpricedTokens += num(r.unpriced_tokens);
    m.unpricedRows += num(r.unpriced_rows);
  }
  for (const m of months.values()) m.costPico = m.inferencePico + m.trainingPico;
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** One month's total (inference from the rollup, plus training): a range read, not a scan of every month. */
export function getMonthCost(month: string, d: Db = db()): Pico {
  const [from, to] = monthRange(month);
  const usage = d.sqlite.prepare(`SELECT ${sumRollupMoney("cost")} FROM usage_daily WHERE day >= ? AND day < ?`).get(from, to) as Record<string, unknown>;
  const training = d.sqlite.prepare(`SELECT ${sumMoney("cost_pico", "cost")} FROM training_job WHERE status = 'succeeded' AND day >= ? AND day < ?`).get(from, to) as Record<string, unknown>;
  return readMoney(usage, "cost") + readMoney(training, "cost");
}

/** Every month from the first with data to the last, newest first (the month picker); two index seeks. */
export function getDataMonths(d: Db = db()): string[] {
  const r = d.sqlite.prepare(
    `SELECT min(first) AS first, max(last) AS last FROM (
       SELECT (SELECT min(day) FROM usage_daily) AS first, (SELECT max(day) FROM usage_daily) AS last
       UNION ALL SELECT min(day), max(day) FROM training_job WHERE status = 'succeeded')`,
  ).get() as { first: string | null; last: string | null };
  if (!r.first || !r.last) return [];
  const months: string[] = [];
  for (let m = r.first.slice(0, 7); m <= r.last.slice(0, 7); m = monthRange(m)[1].slice(0, 7)) months.push(m);
  return months.reverse();
}
