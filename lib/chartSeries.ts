import type { MonthForecast } from "./forecast/projectMonthEnd";
import { allocateCents, divideRounded, roundToCents, type Pico } from "./money";

/**
 * Money series for charts, in whole cents (exact integers, safe as JavaScript numbers up to ~$90
 * trillion). Parts of one bar are allocated so they add up to the bar's total as shown, by the one
 * rounding rule in lib/money.ts.
 */
export interface CentsSeries {
  label: string;
  cents: (number | null)[];
}

/** Stacked series: each column's parts add up to the column's rounded total. */
export function stackedCents(series: { label: string; pico: Pico[] }[]): CentsSeries[] {
  const out = series.map((s) => ({ label: s.label, cents: [] as (number | null)[] }));
  const columns = series[0]?.pico.length ?? 0;
  for (let i = 0; i < columns; i++) {
    const parts = allocateCents(series.map((s) => s.pico[i]));
    parts.forEach((c, k) => out[k].cents.push(Number(c)));
  }
  return out;
}

/** Keeps the `keep` largest series and folds the rest into one "Other" series. */
export function foldSmallSeries(series: { label: string; pico: Pico[] }[], keep: number): { label: string; pico: Pico[] }[] {
  if (series.length <= keep + 1) return series;
  const total = (s: { pico: Pico[] }) => s.pico.reduce((a, b) => a + b, 0n);
  const sorted = [...series].sort((a, b) => (total(b) > total(a) ? 1 : total(b) < total(a) ? -1 : 0));
  const rest = sorted.slice(keep);
  return [...sorted.slice(0, keep), { label: `Other (${rest.length})`, pico: rest[0].pico.map((_, i) => rest.reduce((a, s) => a + s.pico[i], 0n)) }];
}

export interface CumulativeSeries {
  actual: (number | null)[];
  projected: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  budget: (number | null)[] | null;
}

/**
 * Cumulative spend through the days before `today`, then the projection from there to month end with
 * its interval (each day's share of the band in proportion to that day's forecast), and the budget as
 * a flat line.
 */
export function cumulativeCents(days: string[], dailyPico: Pico[], today: string, forecast: MonthForecast | null, budgetPico: Pico | null): CumulativeSeries {
  const actual: (number | null)[] = [];
  const projected: (number | null)[] = [];
  const low: (number | null)[] = [];
  const high: (number | null)[] = [];
  let running = 0n;
  const future = new Map(forecast?.days.map((d) => [d.day, d.pico]) ?? []);
  const rest = forecast ? forecast.projectedPico - forecast.actualPico : 0n;
  let restSoFar = 0n;
  days.forEach((day, i) => {
    if (day < today) {
      running += dailyPico[i];
      actual.push(Number(roundToCents(running)));
      // the projection starts where the actual line ends
      const last = i + 1 < days.length && days[i + 1] >= today;
      projected.push(last && forecast ? Number(roundToCents(running)) : null);
      low.push(last && forecast ? Number(roundToCents(running)) : null);
      high.push(last && forecast ? Number(roundToCents(running)) : null);
      return;
    }
    actual.push(null);
    if (!forecast || !future.has(day)) {
      projected.push(null); low.push(null); high.push(null);
      return;
    }
    restSoFar += future.get(day)!;
    const share = (bound: Pico) => (rest === 0n ? restSoFar : divideRounded(restSoFar * (bound - forecast.actualPico), rest));
    projected.push(Number(roundToCents(forecast.actualPico + restSoFar)));
    low.push(Number(roundToCents(forecast.actualPico + share(forecast.lowPico))));
    high.push(Number(roundToCents(forecast.actualPico + share(forecast.highPico))));
  });
  return { actual, projected, low, high, budget: budgetPico == null ? null : days.map(() => Number(roundToCents(budgetPico))) };
}
