import { db, type Db } from "../db";
import type { MonthForecast } from "../forecast/projectMonthEnd";
import type { Pico } from "../money";
import { ALL_USAGE } from "../scope";
import { getScopeMonth } from "./getScopeSpend";
import { monthRange, monthSeconds, num, readMoney, sumMoney, sumRollupMoney } from "./sql";

export interface SpendLine {
  costPico: Pico;
  /** of costPico, what training jobs cost */
  trainingPico: Pico;
  requests: number;
  inputTokens: number; // includes cached
  cachedTokens: number;
  outputTokens: number;
  trainedTokens: number;
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

export interface ApiKeyLine extends SpendLine {
  apiKey: string;
}

export interface MonthReport extends SpendLine {
  month: string;
  inferencePico: Pico;
  billedPico: Pico; // from OpenAI's costs export: for reconciling, never part of the total
  forecast: MonthForecast | null;
  projectedPico: Pico | null;
  byModel: ModelLine[];
  byProject: ProjectLine[];
  byApiKey: ApiKeyLine[];
}

const emptyLine = (): SpendLine => ({ costPico: 0n, trainingPico: 0n, requests: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0, trainedTokens: 0, unpricedTokens: 0, unpricedRows: 0 });

function addTo(into: SpendLine, l: SpendLine) {
  into.costPico += l.costPico;
  into.trainingPico += l.trainingPico;
  into.requests += l.requests;
  into.inputTokens += l.inputTokens;
  into.cachedTokens += l.cachedTokens;
  into.outputTokens += l.outputTokens;
  into.trainedTokens += l.trainedTokens;
  into.unpricedTokens += l.unpricedTokens;
  into.unpricedRows += l.unpricedRows;
}

function group<T extends SpendLine>(into: Map<string, T>, key: string, make: () => T, l: SpendLine) {
  let t = into.get(key);
  if (!t) into.set(key, (t = make()));
  addTo(t, l);
}

const byCost = <T extends SpendLine>(a: T, b: T) => (a.costPico === b.costPico ? b.unpricedTokens - a.unpricedTokens : a.costPico > b.costPico ? -1 : 1);

/**
 * A month's spend from the daily rollup: inference by the day of its bucket, training by the day its
 * job finished (UTC). Training counts under its fine-tuned model, and under no project and no API key
 * (jobs carry neither), so every grouping adds up to the month's total.
 */
export function getMonthReport(month: string, opts: { today?: string } = {}, d: Db = db()): MonthReport {
  const [from, to] = monthRange(month);
  const sql = d.sqlite;
  const models = new Map<string, ModelLine>();
  const projects = new Map<string, ProjectLine>();
  const keys = new Map<string, ApiKeyLine>();
  const total = emptyLine();

  const usage = sql.prepare(
    `SELECT model, base_model, project_id, api_key_id, ${sumRollupMoney("cost")}, SUM(requests) AS requests,
       SUM(input_tokens) AS input_tokens, SUM(cached_tokens) AS cached_tokens, SUM(output_tokens) AS output_tokens,
       SUM(unpriced_tokens) AS unpriced_tokens, SUM(unpriced_rows) AS unpriced_rows
     FROM usage_daily WHERE day >= ? AND day < ? GROUP BY model, base_model, project_id, api_key_id`,
  ).all(from, to) as Record<string, unknown>[];
  const training = sql.prepare(
    `SELECT coalesce(fine_tuned_model, model) AS model, base_model, ${sumMoney("cost_pico", "cost")}, SUM(coalesce(trained_tokens, 0)) AS trained_tokens,
       SUM(CASE WHEN cost_pico IS NULL THEN coalesce(trained_tokens, 0) ELSE 0 END) AS unpriced_tokens,
       SUM(CASE WHEN cost_pico IS NULL THEN 1 ELSE 0 END) AS unpriced_rows
     FROM training_job WHERE status = 'succeeded' AND day >= ? AND day < ? GROUP BY 1, 2`,
  ).all(from, to) as Record<string, unknown>[];

  let inferencePico = 0n;
  const tally = (r: Record<string, unknown>, l: SpendLine) => {
    const model = String(r.model);
    const project = String(r.project_id ?? "");
    const apiKey = String(r.api_key_id ?? "");
    group(models, model, () => ({ model, baseModel: String(r.base_model), ...emptyLine() }), l);
    group(projects, project, () => ({ project, ...emptyLine() }), l);
    group(keys, apiKey, () => ({ apiKey, ...emptyLine() }), l);
    addTo(total, l);
  };
  for (const r of usage) {
    const l: SpendLine = {
      ...emptyLine(), costPico: readMoney(r, "cost"), requests: num(r.requests), inputTokens: num(r.input_tokens), cachedTokens: num(r.cached_tokens),
      outputTokens: num(r.output_tokens), unpricedTokens: num(r.unpriced_tokens), unpricedRows: num(r.unpriced_rows),
    };
    inferencePico += l.costPico;
    tally(r, l);
  }
  for (const r of training) {
    const cost = readMoney(r, "cost");
    tally(r, { ...emptyLine(), costPico: cost, trainingPico: cost, trainedTokens: num(r.trained_tokens), unpricedTokens: num(r.unpriced_tokens), unpricedRows: num(r.unpriced_rows) });
  }

  const billed = sql.prepare(`SELECT ${sumMoney("amount_pico", "cost")} FROM billed_cost WHERE bucket_start >= ? AND bucket_start < ?`).get(...monthSeconds(month)) as Record<string, unknown>;
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  // the projection of all usage: the same one a budget or an alert rule on all usage sees
  const { forecast } = getScopeMonth(ALL_USAGE, month, today, d);
  return {
    month,
    ...total,
    inferencePico,
    billedPico: readMoney(billed, "cost"),
    forecast,
    projectedPico: forecast?.projectedPico ?? null,
    byModel: [...models.values()].sort(byCost),
    byProject: [...projects.values()].sort(byCost),
    byApiKey: [...keys.values()].sort(byCost),
  };
}
