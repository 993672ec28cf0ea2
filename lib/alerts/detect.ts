import { divideRounded, type Pico } from "../money";
import { median } from "../forecast/projectMonthEnd";

/** Pure decisions of the alert rules: which levels a value has reached, and whether a day is anomalous. */

export interface Level {
  /** what makes a firing unique within its period: "pct:80", "usd:<picodollars>", "anomaly" */
  key: string;
  /** "80% of $2,000.00", "$500.00" */
  label: string;
  thresholdPico: Pico;
}

/** The levels a value has reached (value ≥ threshold), lowest first. */
export function reachedLevels(valuePico: Pico, levels: Level[]): Level[] {
  return levels.filter((l) => valuePico >= l.thresholdPico).sort((a, b) => (a.thresholdPico < b.thresholdPico ? -1 : 1));
}

/** A percent of a budget, exact to the picodollar (the one rounding rule). */
export const percentOf = (budgetPico: Pico, percent: bigint) => divideRounded(budgetPico * percent, 100n);

export const ANOMALY_BASELINE_DAYS = 28;
/** fewer known days than this before a day: no baseline, no anomaly */
export const ANOMALY_MIN_BASELINE_DAYS = 7;
/** 1.4826 × MAD estimates the standard deviation of normal noise; kept as an exact fraction */
const MAD_SCALE = { n: 14826n, d: 10000n };

export const ANOMALY_METHOD =
  `A day is anomalous when its inference spend is above the median of the ${ANOMALY_BASELINE_DAYS} days before it by more than ` +
  `the rule's sensitivity × 1.4826 × their median absolute deviation (MAD), and by at least the rule's minimum amount, so ` +
  `small noise stays quiet. Median and MAD ignore the odd spike in the baseline itself; days before the first usage are unknown, ` +
  `not $0, and at least ${ANOMALY_MIN_BASELINE_DAYS} known days are needed.`;

export interface AnomalyVerdict {
  anomalous: boolean;
  medianPico: Pico;
  madPico: Pico;
  /** the spend above which the day counts as anomalous */
  boundPico: Pico;
}

/**
 * Whether `dayPico` is far above `baseline` (the known days before it, oldest first, at most 28 used).
 * Null when there are too few known days to judge.
 */
export function detectAnomaly(dayPico: Pico, baseline: Pico[], opts: { sensitivityTenths: number; minAmountPico: Pico }): AnomalyVerdict | null {
  const days = baseline.slice(-ANOMALY_BASELINE_DAYS);
  if (days.length < ANOMALY_MIN_BASELINE_DAYS) return null;
  const med = median(days);
  const mad = median(days.map((v) => (v > med ? v - med : med - v)));
  const spread = divideRounded(mad * MAD_SCALE.n * BigInt(opts.sensitivityTenths), MAD_SCALE.d * 10n);
  const margin = spread > opts.minAmountPico ? spread : opts.minAmountPico;
  const bound = med + margin;
  // strictly above when the spread decides (a flat baseline has MAD 0); the minimum amount is reached at equality
  const anomalous = spread > opts.minAmountPico ? dayPico > bound : dayPico >= bound;
  return { anomalous, medianPico: med, madPico: mad, boundPico: bound };
}
