import { RowError } from "./types";

const WHOLE = /^\d+$/;
const UNIX = /^\d+(\.\d+)?$/;

/** A token or request count: a whole number ≥ 0 ("" only where `blankIsZero`). */
export function parseCount(value: string | undefined, column: string, blankIsZero = false): number {
  if (value !== undefined && value.length < 16 && WHOLE.test(value)) return Number(value); // the common case
  const v = (value ?? "").trim();
  if (v === "") {
    if (blankIsZero) return 0;
    throw new RowError(`${column} is empty`);
  }
  if (!WHOLE.test(v)) {
    if (/^-\d/.test(v)) throw new RowError(`${column} "${v}" is negative`);
    if (/^\d+\.0+$/.test(v)) return Number(v.split(".")[0]);
    throw new RowError(`${column} "${v}" is not a whole number`);
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RowError(`${column} "${v}" is too large`);
  return n;
}

/** A JSON count (number or numeric string). */
export function jsonCount(value: unknown, column: string, blankIsZero = false): number {
  if (value == null) {
    if (blankIsZero) return 0;
    throw new RowError(`${column} is missing`);
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RowError(`${column} ${value} is not a whole number`);
    if (value < 0) throw new RowError(`${column} ${value} is negative`);
    return value;
  }
  return parseCount(String(value), column, blankIsZero);
}

/** Unix seconds (or milliseconds when that large) or an ISO 8601 date/time; returns unix seconds. */
export function parseTime(value: string | number | undefined | null, column: string): number {
  if (typeof value === "number") return value > 100_000_000_000 ? Math.floor(value / 1000) : Math.floor(value);
  if (value == null || value.trim() === "") throw new RowError(`${column} is empty`);
  const v = value.trim();
  if (UNIX.test(v)) {
    const n = Math.floor(Number(v));
    return n > 100_000_000_000 ? Math.floor(n / 1000) : n;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`;
    const ms = Date.parse(iso.replace(" ", "T"));
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new RowError(`${column} "${v}" is not a time (unix seconds or ISO 8601)`);
}

export function parseBool(value: string | boolean | undefined | null, column: string): boolean {
  if (typeof value === "boolean") return value;
  const v = String(value ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0" || v === "no") return false;
  if (v === "true" || v === "1" || v === "yes") return true;
  throw new RowError(`${column} "${value}" is not true or false`);
}

const SECONDS_PER_DAY = 86_400;
const dayCache = new Map<number, string>();

/** YYYY-MM-DD (UTC) of a unix time. */
export function utcDay(seconds: number): string {
  const d = Math.floor(seconds / SECONDS_PER_DAY);
  let s = dayCache.get(d);
  if (s === undefined) {
    s = new Date(d * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(d, s);
  }
  return s;
}

export { SECONDS_PER_DAY };
