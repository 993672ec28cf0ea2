import { formatUsd } from "../money";
import type { RepriceReport } from "./store";

/** A re-price report as pages show it (amounts rounded by the one rule; null = unpriced). */
export interface RepriceView {
  examined: number;
  changed: number;
  newlyPriced: number;
  newlyUnpriced: number;
  before: string;
  after: string;
  byModel: { model: string; records: number; before: string | null; after: string | null }[];
}

export function repriceView(r: RepriceReport): RepriceView {
  return {
    examined: r.examined, changed: r.changed, newlyPriced: r.newlyPriced, newlyUnpriced: r.newlyUnpriced,
    before: formatUsd(r.beforePico), after: formatUsd(r.afterPico),
    byModel: r.byModel.map((m) => ({ model: m.model, records: m.records, before: m.beforePico == null ? null : formatUsd(m.beforePico), after: m.afterPico == null ? null : formatUsd(m.afterPico) })),
  };
}
