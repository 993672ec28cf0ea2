import { db, type Db } from "../db";
import { addDays, HISTORY_DAYS, projectMonthEnd, type MonthForecast } from "../forecast/projectMonthEnd";
import type { Pico } from "../money";
import type { Scope } from "../scope";
import { monthRange, readMoney, sumMoney, sumRollupMoney } from "./sql";

/**
 * The SQL condition for a scope on usage_daily and on training_job. Training jobs carry no project or
 * API key, so a project or key scope has no training (null), as the overview's tables count it.
 */
function scopeCondition(scope: Scope): { usage: string; training: string | null; params: string[] } {
  switch (scope.kind) {
    case "all": return { usage: "1 = 1", training: "1 = 1", params: [] };
    case "model": return { usage: "model = ?", training: "coalesce(fine_tuned_model, model) = ?", params: [scope.value] };
    case "base_model": return { usage: "base_model = ?", training: "base_model = ?", params: [scope.value] };
    case "project": return { usage: "project_id = ?", training: null, params: [scope.value] };
    case "api_key": return { usage: "api_key_id = ?", training: null, params: [scope.value] };
  }
}

export interface ScopeDaily {
  /** inference spend per day */
  inference: Map<string, Pico>;
  /** training spend per day its job finished */
  training: Map<string, Pico>;
}

/** A scope's spend per day from `from` to before `to` (YYYY-MM-DD, UTC), from the daily rollup. */
export function getScopeDaily(scope: Scope, from: string, to: string, d: Db = db()): ScopeDaily {
  const c = scopeCondition(scope);
  const rows = (sql: string) => d.sqlite.prepare(sql).all(from, to, ...c.params) as Record<string, unknown>[];
  const inference = new Map(
    rows(`SELECT day, ${sumRollupMoney("cost")} FROM usage_daily WHERE day >= ? AND day < ? AND ${c.usage} GROUP BY day`).map((r) => [String(r.day), readMoney(r, "cost")]),
  );
  const training = new Map(
    c.training == null ? [] : rows(`SELECT day, ${sumMoney("cost_pico", "cost")} FROM training_job WHERE status = 'succeeded' AND day >= ? AND day < ? AND ${c.training} GROUP BY day`)
      .map((r) => [String(r.day), readMoney(r, "cost")]),
  );
  return { inference, training };
}

export function getScopeFirstDay(scope: Scope, d: Db = db()): string | null {
  const c = scopeCondition(scope);
  return (d.sqlite.prepare(`SELECT min(day) AS day FROM usage_daily WHERE ${c.usage}`).get(...c.params) as { day: string | null }).day;
}

export interface ScopeMonth {
  /** everything the month holds so far: inference (today's partial day included) and training */
  spentPico: Pico;
  /** the month-end projection (the overview's method) */
  forecast: MonthForecast | null;
}

const sum = (m: Map<string, Pico>, from: string, to: string) => [...m].reduce((a, [day, v]) => (day >= from && day < to ? a + v : a), 0n);

/** A scope's spend in a month and where it is projected to end, seen from `today`. */
export function getScopeMonth(scope: Scope, month: string, today: string, d: Db = db()): ScopeMonth {
  const [from, to] = monthRange(month);
  const daily = getScopeDaily(scope, addDays(from, -HISTORY_DAYS), to, d);
  const training = sum(daily.training, from, to);
  const forecast = projectMonthEnd({ month, training, daily: daily.inference, firstDay: getScopeFirstDay(scope, d) }, today);
  return { spentPico: sum(daily.inference, from, to) + training, forecast };
}
