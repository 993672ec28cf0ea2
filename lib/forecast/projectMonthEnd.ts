import { divideRounded, type Pico } from "../money";

/**
 * Month-end projection from daily spend: weekday-aware and robust to spikes.
 *
 * Seen from a cut-off day, each weekday's typical spend is the median of that weekday over the 4 weeks
 * before (a spike is one value of four and barely moves a median). The level is then adjusted to the
 * last 7 days: by the median of their ratios actual ÷ typical (again, one spike does not move it), so a
 * growing or shrinking spend is followed within a week. Each remaining day (today included: its spend
 * so far is partial) is its weekday's typical spend × that ratio. Training counts as it happened.
 *
 * The 80% interval is the method's own track record: the same forecast is made from each of the last
 * 16 weeks' days for a stretch as long as the days left, and compared with what those days then cost;
 * the spread of those relative errors (see INTERVAL_QUANTILES), applied to the days left, bounds the month end.
 * All arithmetic is on integer picodollars and exact fractions.
 */
export const METHOD =
  "Each day left is forecast as the median spend of its weekday over the previous 4 weeks, scaled by the median ratio of actual to typical " +
  "over the last 7 days (spikes barely move a median); today counts at least what it has spent so far. The 80% interval comes from this method's own errors " +
  "when it forecast equally long stretches from each of the last 16 weeks (calibrated to hold 80% of month ends in backtests). Training counts as it happened.";

export interface SpendHistory {
  month: string; // YYYY-MM
  /** inference spend per day (YYYY-MM-DD → picodollars), the month and the weeks before it */
  daily: Map<string, Pico>;
  /** the first day with any usage: days before it are unknown, not $0 */
  firstDay: string | null;
  /** training spend attributed to the month */
  training: Pico;
}

export interface MonthForecast {
  /** spend of the month's complete days plus its training */
  actualPico: Pico;
  projectedPico: Pico;
  /** the 80% interval; equal to the projection when there is too little history to measure errors */
  lowPico: Pico;
  highPico: Pico;
  /** the forecast of each day left, today first */
  days: { day: string; pico: Pico }[];
  /** how many past stretches the interval was measured on (0: none, no interval) */
  errorSamples: number;
}

/** Days of history before a month that the projection reads: cut-offs 16 weeks back, each with 4 weeks before it, for stretches up to a month. */
export const HISTORY_DAYS = 31 + 16 * 7 + 4 * 7;

const WEEKS = 4;
const FALLBACK_DAYS = 14;
const LEVEL_DAYS = 7;
const ERROR_CUTOFF_DAYS = 16 * 7;
const MIN_ERROR_SAMPLES = 5;
/**
 * Which of the past relative errors bound the 80% interval. The past stretches overlap, so their errors
 * are alike and understate the spread: taken at face value, their 10th–90th percentiles held only ~70%
 * of month ends in the backtest (tests/forecast.test.ts); the 5th–95th hold ~80% there.
 */
const INTERVAL_QUANTILES = [0.05, 0.95] as const;

export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const DAY_MS = 86_400_000;
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export function median(values: Pico[]): Pico {
  const s = [...values].sort(compare);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : divideRounded(s[mid - 1] + s[mid], 2n);
}

/** An exact fraction n/d (d > 0). */
interface Ratio { n: bigint; d: bigint }
const compareRatios = (a: Ratio, b: Ratio) => compare(a.n * b.d, b.n * a.d);
const scale = (v: Pico, r: Ratio) => divideRounded(v * r.n, r.d);

/** Days as whole numbers since 1970-01-01 (UTC): the forecast does its day arithmetic on these. */
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (n: number) => (n + 4) % 7; // 1970-01-01 was a Thursday

/** Daily spend indexed by day number, read once from a history. */
interface Series { value: (n: number) => Pico; first: number | null }
function seriesOf(history: Pick<SpendHistory, "daily" | "firstDay">): Series {
  const byNumber = new Map<number, Pico>();
  for (const [day, v] of history.daily) byNumber.set(dayNumber(day), v);
  return { value: (n) => byNumber.get(n) ?? 0n, first: history.firstDay == null ? null : dayNumber(history.firstDay) };
}

function forecasterFrom(cutoff: number, s: Series): ((day: number) => Pico) | null {
  const known = (d: number) => s.first != null && d >= s.first && d < cutoff;
  const recent: Pico[] = [];
  for (let k = 1; k <= FALLBACK_DAYS; k++) if (known(cutoff - k)) recent.push(s.value(cutoff - k));
  if (recent.length === 0) return null;
  const fallback = median(recent);

  // typical spend of each weekday: the median of the same weekday over the last 4 weeks
  const typical: Pico[] = [];
  for (let k = 1; k <= 7; k++) {
    const day = cutoff - k;
    const same: Pico[] = [];
    for (let w = 0; w < WEEKS; w++) if (known(day - 7 * w)) same.push(s.value(day - 7 * w));
    typical[weekdayOf(day)] = same.length >= 2 ? median(same) : fallback;
  }

  // level: the median ratio actual ÷ typical over the last 7 days
  const ratios: Ratio[] = [];
  for (let k = 1; k <= LEVEL_DAYS; k++) {
    const day = cutoff - k;
    const t = typical[weekdayOf(day)];
    if (known(day) && t > 0n) ratios.push({ n: s.value(day), d: t });
  }
  ratios.sort(compareRatios);
  const level: Ratio = ratios.length === 0 ? { n: 1n, d: 1n }
    : ratios.length % 2 ? ratios[ratios.length >> 1]
    : (() => { const a = ratios[(ratios.length >> 1) - 1], b = ratios[ratios.length >> 1]; return { n: a.n * b.d + b.n * a.d, d: 2n * a.d * b.d }; })();
  return (day) => scale(typical[weekdayOf(day)], level);
}

/**
 * The forecaster seen from `cutoff`: it knows only complete days before it. Returns null when there is
 * no known day to go on.
 */
export function forecasterAt(cutoff: string, history: Pick<SpendHistory, "daily" | "firstDay">): ((day: string) => Pico) | null {
  const f = forecasterFrom(dayNumber(cutoff), seriesOf(history));
  return f && ((day) => f(dayNumber(day)));
}

/**
 * The month-end projection seen from `today` (YYYY-MM-DD, UTC). A past month projects to its actual
 * total; a future month, or a month whose first day is today (nothing complete yet), has none (null).
 */
export function projectMonthEnd(history: SpendHistory, today: string): MonthForecast | null {
  const first = `${history.month}-01`;
  const last = `${history.month}-${String(daysInMonth(history.month)).padStart(2, "0")}`;
  let actual = history.training;
  for (let d = first; d <= last && d < today; d = addDays(d, 1)) actual += history.daily.get(d) ?? 0n;
  if (today > last) return { actualPico: actual, projectedPico: actual, lowPico: actual, highPico: actual, days: [], errorSamples: 0 };
  if (today <= first) return null;

  const series = seriesOf(history);
  const todayN = dayNumber(today);
  const forecast = forecasterFrom(todayN, series);
  const days: { day: string; pico: Pico }[] = [];
  let rest = 0n;
  // today's spend so far is a floor for today: a day already past its forecast ends above it
  const todaySoFar = history.daily.get(today) ?? 0n;
  for (let d = todayN, lastN = dayNumber(last); d <= lastN; d++) {
    let pico = forecast?.(d) ?? 0n;
    if (d === todayN && pico < todaySoFar) pico = todaySoFar;
    days.push({ day: dayText(d), pico });
    rest += pico;
  }
  const projected = actual + rest;

  // the method's track record on stretches as long as the days left
  const errors: Ratio[] = [];
  for (let k = days.length; k <= ERROR_CUTOFF_DAYS; k++) {
    const cutoff = todayN - k;
    // a cut-off needs two weeks behind it for weekday medians to mean anything
    if (series.first == null || cutoff < series.first + 14) break;
    const past = forecasterFrom(cutoff, series);
    if (!past) break;
    let predicted = 0n;
    let happened = 0n;
    for (let j = 0; j < days.length; j++) {
      predicted += past(cutoff + j);
      happened += series.value(cutoff + j);
    }
    if (predicted > 0n) errors.push({ n: happened - predicted, d: predicted });
  }
  if (errors.length < MIN_ERROR_SAMPLES) return { actualPico: actual, projectedPico: projected, lowPico: projected, highPico: projected, days, errorSamples: errors.length };
  errors.sort(compareRatios);
  const at = (q: number) => errors[Math.min(errors.length - 1, Math.max(0, Math.round(q * (errors.length - 1))))];
  const low = projected + scale(rest, at(INTERVAL_QUANTILES[0]));
  const high = projected + scale(rest, at(INTERVAL_QUANTILES[1]));
  // the month cannot end below what is already spent (today's partial spend included)
  const floor = actual + todaySoFar;
  return { actualPico: actual, projectedPico: projected, lowPico: low < floor ? floor : low, highPico: high < floor ? floor : high, days, errorSamples: errors.length };
}
