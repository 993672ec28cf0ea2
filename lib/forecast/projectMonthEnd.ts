import { divideRounded, type Pico } from "../money";

export interface MonthSpend {
  month: string; // YYYY-MM
  /** inference spend per day (YYYY-MM-DD → picodollars) */
  dailyInference: Map<string, Pico>;
  /** training spend already attributed to the month */
  training: Pico;
}

/** How many recent complete days the run rate is taken over. */
export const RUN_RATE_DAYS = 7;

export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Month-end projection by run rate: spend of the complete days so far, plus the mean daily inference
 * spend of the last RUN_RATE_DAYS complete days (fewer early in the month) for each day left,
 * today included; training is counted as it happened, not extrapolated. A past month projects to its
 * actual total; a future month, or one whose first day is today, has no projection (null).
 */
export function projectMonthEnd(spend: MonthSpend, today: string): Pico | null {
  const first = `${spend.month}-01`;
  const last = `${spend.month}-${String(daysInMonth(spend.month)).padStart(2, "0")}`;
  let actual = spend.training;
  for (const v of spend.dailyInference.values()) actual += v;
  if (today > last) return actual;
  if (today <= first) return null;
  const todayDate = Number(today.slice(8, 10));
  const complete: Pico[] = [];
  let completeTotal = 0n;
  for (let d = 1; d < todayDate; d++) {
    const v = spend.dailyInference.get(`${spend.month}-${String(d).padStart(2, "0")}`) ?? 0n;
    complete.push(v);
    completeTotal += v;
  }
  const recent = complete.slice(-RUN_RATE_DAYS);
  const rate = divideRounded(recent.reduce((a, b) => a + b, 0n), BigInt(recent.length));
  const daysLeft = BigInt(daysInMonth(spend.month) - todayDate + 1);
  return spend.training + completeTotal + rate * daysLeft;
}
