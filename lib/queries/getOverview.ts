import { getBudgetProgress, getMonthlyBudget, type BudgetProgress } from "../budget";
import { db, type Db } from "../db";
import { addDays, daysInMonth } from "../forecast/projectMonthEnd";
import type { Pico } from "../money";
import { getMonthReport, type MonthReport } from "./getMonthReport";
import { getDataMonths, getMonthCost } from "./getMonthTotals";
import { monthRange, readMoney, sumMoney, sumRollupMoney } from "./sql";

export interface Overview {
  month: string;
  today: string;
  report: MonthReport;
  previous: { month: string; costPico: Pico };
  budgetPico: Pico | null;
  /** budgets of single models, projects or keys, with their spend in the month */
  scopedBudgets: BudgetProgress[];
  /** every day of the month */
  days: string[];
  /** spend per day by model (inference), aligned with `days` */
  dailyByModel: { model: string; pico: Pico[] }[];
  /** training spend per day, aligned with `days` */
  dailyTraining: Pico[];
  /** months from the first with data to the last, newest first, for the month picker */
  months: string[];
}

export const previousMonth = (month: string) => addDays(`${month}-01`, -1).slice(0, 7);

/** Everything the overview shows for a month, read from the daily rollup and the training jobs. */
export function getOverview(month: string, today = new Date().toISOString().slice(0, 10), d: Db = db()): Overview {
  const [from, to] = monthRange(month);
  const report = getMonthReport(month, { today }, d);
  const days = Array.from({ length: daysInMonth(month) }, (_, i) => addDays(from, i));
  const index = new Map(days.map((day, i) => [day, i]));

  const byModel = new Map<string, Pico[]>();
  for (const r of d.sqlite.prepare(`SELECT day, model, ${sumRollupMoney("cost")} FROM usage_daily WHERE day >= ? AND day < ? GROUP BY day, model`).all(from, to) as Record<string, unknown>[]) {
    const model = String(r.model);
    let series = byModel.get(model);
    if (!series) byModel.set(model, (series = days.map(() => 0n)));
    series[index.get(String(r.day))!] += readMoney(r, "cost");
  }
  const dailyTraining = days.map(() => 0n);
  for (const r of d.sqlite.prepare(`SELECT day, ${sumMoney("cost_pico", "cost")} FROM training_job WHERE status = 'succeeded' AND day >= ? AND day < ? GROUP BY day`).all(from, to) as Record<string, unknown>[]) {
    dailyTraining[index.get(String(r.day))!] += readMoney(r, "cost");
  }

  const prev = previousMonth(month);
  return {
    month,
    today,
    report,
    previous: { month: prev, costPico: getMonthCost(prev, d) },
    budgetPico: getMonthlyBudget(d),
    scopedBudgets: getBudgetProgress(month, today, d).filter((b) => b.scope.kind !== "all"),
    days,
    // largest first, as the tables list them
    dailyByModel: report.byModel.filter((m) => byModel.has(m.model)).map((m) => ({ model: m.model, pico: byModel.get(m.model)! })),
    dailyTraining,
    months: getDataMonths(d),
  };
}
