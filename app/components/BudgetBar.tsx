import { formatUsd, roundToCents, type Pico } from "@/lib/money";

/** How much of a budget is spent: a bar that turns amber at 80% and red at 100%, with the numbers. */
export function BudgetBar({ spentPico, budgetPico, projectedPico }: { spentPico: Pico; budgetPico: Pico; projectedPico?: Pico | null }) {
  const pct = Number((roundToCents(spentPico) * 1000n) / roundToCents(budgetPico)) / 10;
  return (
    <div className="budget-bar">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, pct)} aria-label={`${pct.toFixed(1)}% of ${formatUsd(budgetPico)}`}>
        <div className={pct >= 100 ? "over" : pct >= 80 ? "near" : ""} style={{ width: `${Math.min(100, pct)}%` }} />
      </div>
      <div className="sub">
        {formatUsd(spentPico)} of {formatUsd(budgetPico)} ({pct.toFixed(1)}%)
        {projectedPico != null ? (projectedPico > budgetPico
          ? <> · <span className="warn-text">projected over by {formatUsd(projectedPico - budgetPico)}</span></>
          : <> · projected {formatUsd(projectedPico)}</>) : null}
      </div>
    </div>
  );
}
