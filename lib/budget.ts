import { db, type Db } from "./db";
import { parseUsd, roundToCents, type Pico } from "./money";
import { getScopeMonth } from "./queries/getScopeSpend";
import { ALL_USAGE, scopeKey, type Scope, type ScopeKind } from "./scope";

export interface Budget {
  scope: Scope;
  monthlyPico: Pico;
}

/** A scope's monthly budget, or null when none is set. */
export function getBudget(scope: Scope, d: Db = db()): Pico | null {
  const r = d.sqlite.prepare(`SELECT monthly_pico FROM budget WHERE scope_kind = ? AND scope_value = ?`).get(scope.kind, scope.value) as { monthly_pico: bigint } | undefined;
  return r ? r.monthly_pico : null;
}

/** The monthly budget for all usage (the overview's), or null. */
export const getMonthlyBudget = (d: Db = db()) => getBudget(ALL_USAGE, d);

/** Every budget, all usage first. */
export function listBudgets(d: Db = db()): Budget[] {
  const rows = d.sqlite.prepare(`SELECT scope_kind, scope_value, monthly_pico FROM budget ORDER BY scope_kind <> 'all', scope_kind, scope_value`).all() as { scope_kind: string; scope_value: string; monthly_pico: bigint }[];
  return rows.map((r) => ({ scope: { kind: r.scope_kind as ScopeKind, value: r.scope_value }, monthlyPico: r.monthly_pico }));
}

/** Budgets by scopeKey, for looking many up. */
export const budgetsByScope = (d: Db = db()) => new Map(listBudgets(d).map((b) => [scopeKey(b.scope), b.monthlyPico]));

/** Sets a scope's monthly budget from a USD amount ("2500", "$2,500.00"); an empty amount removes it. */
export function setBudget(scope: Scope, usd: string, d: Db = db()): Pico | null {
  const text = usd.replace(/[$,\s]/g, "");
  if (text === "") {
    d.sqlite.prepare(`DELETE FROM budget WHERE scope_kind = ? AND scope_value = ?`).run(scope.kind, scope.value);
    return null;
  }
  let pico: Pico;
  try {
    pico = parseUsd(text);
  } catch {
    throw new Error(`"${usd}" is not an amount in USD`);
  }
  if (pico <= 0n) throw new Error("a budget must be more than $0");
  if (pico % 10_000_000_000n !== 0n) throw new Error("a budget is whole cents");
  d.sqlite
    .prepare(`INSERT INTO budget (scope_kind, scope_value, monthly_pico, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)
      ON CONFLICT (scope_kind, scope_value) DO UPDATE SET monthly_pico = excluded.monthly_pico, updated_at = CURRENT_TIMESTAMP`)
    .run(scope.kind, scope.value, pico);
  return pico;
}

/** Sets the monthly budget for all usage (the overview's budget card). */
export const setMonthlyBudget = (usd: string, d: Db = db()) => setBudget(ALL_USAGE, usd, d);

/** The share of a budget spent, in % with one decimal, on the amounts as shown (rounded to cents). */
export function percentOfBudget(spentPico: Pico, budgetPico: Pico): number {
  return Number((roundToCents(spentPico) * 1000n) / roundToCents(budgetPico)) / 10;
}

export interface BudgetProgress extends Budget {
  spentPico: Pico;
  /** the month-end projection, when there is one */
  projectedPico: Pico | null;
}

/** Every budget with its scope's spend in `month` (and the projection, for the current month). */
export function getBudgetProgress(month: string, today: string, d: Db = db()): BudgetProgress[] {
  return listBudgets(d).map((b) => {
    const m = getScopeMonth(b.scope, month, today, d);
    return { ...b, spentPico: m.spentPico, projectedPico: month === today.slice(0, 7) ? m.forecast?.projectedPico ?? null : null };
  });
}
