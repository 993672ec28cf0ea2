import { db, type Db } from "../db";
import { projectMonthEnd } from "../forecast/projectMonthEnd";
import type { Pico } from "../money";
import { monthRange, monthSeconds, num, readMoney, sumMoney } from "./sql";

export interface SpendLine {
  costPico: Pico;
  /** tokens (input + output, or trained) with no applicable price: shown, never counted as $0 */
  unpricedTokens: number;
  unpricedRows: number;
}

export interface ModelLine extends SpendLine {
  model: string;
  baseModel: string;
}

export interface ProjectLine extends SpendLine {
  project: string;
}

export interface MonthReport extends SpendLine {
  month: string;
  trainingPico: Pico;
  inferencePico: Pico;
  billedPico: Pico; // from OpenAI's costs export: for reconciling, never part of the total
  projectedPico: Pico | null;
  byModel: ModelLine[];
  byProject: ProjectLine[];
}

const UNPRICED = `SUM(CASE WHEN cost_pico IS NULL THEN input_tokens + output_tokens ELSE 0 END) AS unpriced_tokens,
  SUM(CASE WHEN cost_pico IS NULL THEN 1 ELSE 0 END) AS unpriced_rows`;
const JOB_UNPRICED = `SUM(CASE WHEN cost_pico IS NULL THEN coalesce(trained_tokens, 0) ELSE 0 END) AS unpriced_tokens,
  SUM(CASE WHEN cost_pico IS NULL THEN 1 ELSE 0 END) AS unpriced_rows`;

function line(row: Record<string, unknown>): SpendLine {
  return { costPico: readMoney(row, "cost"), unpricedTokens: num(row.unpriced_tokens), unpricedRows: num(row.unpriced_rows) };
}

function add<T extends SpendLine>(into: Map<string, T>, key: string, make: () => T, l: SpendLine) {
  const t = into.get(key) ?? make();
  t.costPico += l.costPico;
  t.unpricedTokens += l.unpricedTokens;
  t.unpricedRows += l.unpricedRows;
  into.set(key, t);
}

/**
 * A month's spend: inference by the day of its bucket, training by the day its job finished (UTC).
 * Training counts under its fine-tuned model and under no project (jobs carry none).
 */
export function getMonthReport(month: string, opts: { today?: string } = {}, d: Db = db()): MonthReport {
  const [from, to] = monthRange(month);
  const [start, end] = monthSeconds(month);
  const sql = d.sqlite;
  const models = new Map<string, ModelLine>();
  const projects = new Map<string, ProjectLine>();
  /** adds grouped rows under their model and project; returns their cost */
  const tally = (rows: Record<string, unknown>[]) => {
    let cost = 0n;
    for (const r of rows) {
      const l = line(r);
      cost += l.costPico;
      const model = String(r.model);
      const project = String(r.project_id ?? "");
      add(models, model, () => ({ model, baseModel: String(r.base_model), costPico: 0n, unpricedTokens: 0, unpricedRows: 0 }), l);
      add(projects, project, () => ({ project, costPico: 0n, unpricedTokens: 0, unpricedRows: 0 }), l);
    }
    return cost;
  };

  const inferencePico = tally(sql.prepare(
    `SELECT model, base_model, project_id, ${sumMoney("cost_pico", "cost")}, ${UNPRICED}
     FROM usage_record WHERE bucket_start >= ? AND bucket_start < ? GROUP BY model, base_model, project_id`,
  ).all(start, end) as Record<string, unknown>[]);
  const trainingPico = tally(sql.prepare(
    `SELECT coalesce(fine_tuned_model, model) AS model, base_model, ${sumMoney("cost_pico", "cost")}, ${JOB_UNPRICED}
     FROM training_job WHERE status = 'succeeded' AND day >= ? AND day < ? GROUP BY 1, 2`,
  ).all(from, to) as Record<string, unknown>[]);

  const daily = sql.prepare(`SELECT day, ${sumMoney("cost_pico", "cost")} FROM usage_record WHERE bucket_start >= ? AND bucket_start < ? GROUP BY day`).all(start, end) as Record<string, unknown>[];
  const billed = sql.prepare(`SELECT ${sumMoney("amount_pico", "cost")} FROM billed_cost WHERE bucket_start >= ? AND bucket_start < ?`).get(start, end) as Record<string, unknown>;

  const byCost = <T extends SpendLine>(a: T, b: T) => (a.costPico === b.costPico ? b.unpricedTokens - a.unpricedTokens : a.costPico > b.costPico ? -1 : 1);
  const byModel = [...models.values()].sort(byCost);
  const byProject = [...projects.values()].sort(byCost);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  return {
    month,
    costPico: inferencePico + trainingPico,
    trainingPico,
    inferencePico,
    unpricedTokens: byModel.reduce((a, m) => a + m.unpricedTokens, 0),
    unpricedRows: byModel.reduce((a, m) => a + m.unpricedRows, 0),
    billedPico: readMoney(billed, "cost"),
    projectedPico: projectMonthEnd({ month, training: trainingPico, dailyInference: new Map(daily.map((r) => [String(r.day), readMoney(r, "cost")])) }, today),
    byModel,
    byProject,
  };
}
