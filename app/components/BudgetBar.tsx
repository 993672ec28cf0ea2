import { percentOfBudget } from "@/lib/budget";
import { formatUsd, type Pico } from "@/lib/money";

/** A budget's progress bar: amber from 80%, red from 100%. */
export function ProgressBar({ pct, label }: { pct: number; label?: string }) {
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, pct)} aria-label={label}>
      <div className={pct >= 100 ? "over" : pct >= 80 ? "near" : ""} style={{ width: `${Math.min(100, pct)}%` }} />
    </div>
  );
}

/** How much of a budget is spent: the bar with the numbers. */
export function BudgetBar({ spentPico, budgetPico, projectedPico }: { spentPico: Pico; budgetPico: Pico; projectedPico?: Pico | null }) {
  const pct = percentOfBudget(spentPico, budgetPico);
  return (
    <div className="budget-bar">
      <ProgressBar pct={pct} label={`${pct.toFixed(1)}% of ${formatUsd(budgetPico)}`} />
      <div className="sub">
        {formatUsd(spentPico)} of {formatUsd(budgetPico)} ({pct.toFixed(1)}%)
        {projectedPico != null ? (projectedPico > budgetPico
          ? <> · <span className="warn-text">projected over by {formatUsd(projectedPico - budgetPico)}</span></>
          : <> · projected {formatUsd(projectedPico)}</>) : null}
      </div>
    </div>
  );
}
