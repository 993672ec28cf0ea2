import { db, type Db } from "./db";
import { getSetting, setSetting } from "./db/settings";
import { parseUsd, type Pico } from "./money";

const KEY = "monthly_budget_pico";

/** The monthly budget for all usage, or null when none is set. */
export function getMonthlyBudget(d: Db = db()): Pico | null {
  const v = getSetting(d, KEY);
  return v ? BigInt(v) : null;
}

/** Sets the monthly budget from a USD amount ("2500", "2,500.00"); an empty amount removes it. */
export function setMonthlyBudget(usd: string, d: Db = db()): Pico | null {
  const text = usd.replace(/[$,\s]/g, "");
  if (text === "") {
    d.sqlite.prepare(`DELETE FROM setting WHERE key = ?`).run(KEY);
    return null;
  }
  let pico: Pico;
  try {
    pico = parseUsd(text);
  } catch {
    throw new Error(`"${usd}" is not an amount in USD`);
  }
  if (pico <= 0n) throw new Error("a budget must be more than $0");
  if (pico % 10_000_000_000n !== 0n) throw new Error("a budget is whole cents");
  setSetting(d, KEY, pico.toString());
  return pico;
}
