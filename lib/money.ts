/**
 * Money lives here and nowhere else.
 *
 * Unit: the picodollar (1e-12 USD), held in a bigint. A price of P USD per 1M tokens is exactly
 * P×1e6 picodollars per token, so every price with up to six decimals per 1M tokens is an integer and
 * tokens × price is exact: record costs are never rounded and any sum of them adds up to the total.
 *
 * The one rounding rule: amounts are rounded only when shown in cents, half away from zero
 * (`roundToCents`), so a month's total reads the same in every view. Its parts shown in cents use
 * `allocateCents` so they add up to that rounded total; a sum of months adds the months as shown. Values that arrive with more precision than a picodollar (billed amounts in a costs
 * export) are rounded to the picodollar by the same half-away-from-zero rule.
 */

export type Pico = bigint;

export const PICO_PER_USD = 1_000_000_000_000n;
const PICO_PER_CENT = 10_000_000_000n;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse a decimal USD string ("0.15", "1e-7", "3.75e-8") into picodollars. */
export function parseUsd(text: string, opts: { allowRounding?: boolean } = {}): Pico {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`"${text}" is not a decimal amount`);
  const negative = m[1] === "-";
  const digits = (m[2] || "0") + (m[3] ?? "");
  const scale = (m[3] ?? "").length - Number(m[4] ?? 0); // value = digits × 10^-scale
  // bring to 12 decimals (picodollars)
  const shift = 12 - scale;
  let value: bigint;
  if (shift >= 0) {
    value = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    value = whole / divisor;
    const rest = whole % divisor;
    if (rest !== 0n) {
      if (!opts.allowRounding) throw new Error(`"${text}" has more precision than a picodollar`);
      if (rest * 2n >= divisor) value += 1n; // half away from zero (sign applied below)
    }
  }
  return negative ? -value : value;
}

/** A per-1M-token price ("0.15") to picodollars per token; refuses more than 6 decimals. */
export function perMillionToPicoPerToken(text: string): Pico {
  const perMillion = parseUsd(text); // picodollars per 1M tokens
  if (perMillion % 1_000_000n !== 0n) {
    throw new Error(`price "${text}" per 1M tokens has more than 6 decimals`);
  }
  if (perMillion < 0n) throw new Error(`price "${text}" is negative`);
  return perMillion / 1_000_000n;
}

/** Picodollars per token back to the USD-per-1M-tokens string users think in. */
export function picoPerTokenToPerMillion(pico: Pico): string {
  return formatUsdExact(pico * 1_000_000n);
}

/** Exact decimal string: at least 2 decimals, trailing zeros beyond them trimmed ("1.50", "0.000125"). */
export function formatUsdExact(pico: Pico): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  let frac = (abs % PICO_PER_USD).toString().padStart(12, "0").replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/** THE rounding rule: to whole cents, half away from zero. */
export function roundToCents(pico: Pico): bigint {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  let cents = abs / PICO_PER_CENT;
  if ((abs % PICO_PER_CENT) * 2n >= PICO_PER_CENT) cents += 1n;
  return negative ? -cents : cents;
}

/** "$1,234.57" (rounded to cents by `roundToCents`). */
export function formatUsd(pico: Pico): string {
  return formatCents(roundToCents(pico));
}

export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${whole}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/**
 * Rounds each part to cents so that the parts add up to the rounded total (largest remainder):
 * what a table shows in its rows then sums to what it shows in its total line.
 */
export function allocateCents(parts: Pico[]): bigint[] {
  const total = parts.reduce((a, b) => a + b, 0n);
  const target = roundToCents(total);
  const floors = parts.map((p) => floorDiv(p, PICO_PER_CENT));
  let remaining = target - floors.reduce((a, b) => a + b, 0n);
  const order = parts
    .map((p, i) => ({ i, rem: p - floors[i] * PICO_PER_CENT }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = [...floors];
  for (let k = 0; remaining > 0n && order.length > 0; k = (k + 1) % order.length, remaining--) {
    out[order[k].i] += 1n;
  }
  for (let k = order.length - 1; remaining < 0n && order.length > 0; k = (k - 1 + order.length) % order.length, remaining++) {
    out[order[k].i] -= 1n;
  }
  return out;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Half of an amount (the default cached-input and batch discounts), rounded by the one rule. */
export function halve(pico: Pico): Pico {
  return pico % 2n === 0n ? pico / 2n : pico > 0n ? pico / 2n + 1n : pico / 2n - 1n;
}

/** a / b rounded to the picodollar by the one rule (half away from zero). */
export function divideRounded(a: Pico, b: bigint): Pico {
  if (b === 0n) throw new Error("division by zero");
  const negative = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  let q = x / y;
  if ((x % y) * 2n >= y) q += 1n;
  return negative ? -q : q;
}
