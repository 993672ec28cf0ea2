import { formatUsdExact } from "./money";
import type { MonthReport } from "./queries/getMonthReport";
import type { Plan } from "./planning/planner";

/** Reports as scripts read them: USD amounts as exact decimal strings, unpriced amounts as null. */
export function monthReportJson(r: MonthReport) {
  const usd = (l: { costPico: bigint; unpricedRows: number }) => (l.unpricedRows > 0 && l.costPico === 0n ? null : formatUsdExact(l.costPico));
  return {
    month: r.month,
    totalUsd: formatUsdExact(r.costPico),
    trainingUsd: formatUsdExact(r.trainingPico),
    inferenceUsd: formatUsdExact(r.inferencePico),
    unpricedTokens: r.unpricedTokens,
    unpricedRows: r.unpricedRows,
    byModel: r.byModel.map((m) => ({ model: m.model, baseModel: m.baseModel, usd: usd(m), unpricedTokens: m.unpricedTokens })),
    byProject: r.byProject.map((p) => ({ project: p.project, usd: usd(p), unpricedTokens: p.unpricedTokens })),
    projectedUsd: r.projectedPico == null ? null : formatUsdExact(r.projectedPico),
    billedUsd: formatUsdExact(r.billedPico),
  };
}

export function planJson(p: Plan) {
  return {
    trainingUsd: formatUsdExact(p.trainingPico),
    monthlyUsd: formatUsdExact(p.monthlyPico),
    firstYearUsd: formatUsdExact(p.firstYearPico),
    trainedTokens: p.trainedTokens,
    monthlyInputTokens: p.monthlyInputTokens,
    monthlyOutputTokens: p.monthlyOutputTokens,
    months: p.months,
  };
}

/** The counts of an import, as people read them (CLI and scheduler logs). */
export function describeCounts(r: { imported: number; updated: number; duplicates: number; rejected: number; skipped: number }): string {
  return `${r.imported} imported, ${r.updated} updated, ${r.duplicates} duplicates, ${r.rejected} rejected${r.skipped ? `, ${r.skipped} jobs skipped (not succeeded)` : ""}`;
}
