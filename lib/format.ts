/** Counts and ratios as people read them (money has its own home: lib/money.ts). */

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** 1234567 → "1.23M", 12345 → "12.3K": compact token counts for narrow places; tables use formatCount. */
export function formatTokensShort(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}K`;
  return formatCount(n);
}

/** The change from `before` to `after` as "+12.3%" (one decimal, half away from zero), null when before is 0. */
export function percentChange(before: bigint, after: bigint): string | null {
  if (before === 0n) return null;
  const diff = after - before;
  const abs = diff < 0n ? -diff : diff;
  const base = before < 0n ? -before : before;
  let permille = (abs * 1000n) / base;
  if (((abs * 1000n) % base) * 2n >= base) permille += 1n;
  const sign = diff < 0n ? "−" : "+";
  return `${sign}${permille / 10n}.${permille % 10n}%`;
}

/** "2026-11" → "November 2026" */
export const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-11-05" → "Nov 5" */
export const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
