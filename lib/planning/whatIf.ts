import { priceUsage, type PriceBook, type PriceEntry } from "../pricing/priceBook";
import type { Pico } from "../money";

/** A month's tokens, split by batch (batch has its own prices). */
export interface MonthTokens {
  batch: boolean;
  inputTokens: number; // includes cached
  cachedTokens: number;
  outputTokens: number;
}

export interface WhatIf {
  target: string;
  appliesTo: "fine-tuned" | "base";
  entry: PriceEntry | null;
  /** null when the price book has no price for the target */
  costPico: Pico | null;
}

/**
 * "What if this month ran on model X": the same tokens priced by the price book's entry for model X
 * (fine-tuned use of the X family, or its base-model use) on `day`.
 */
export function repriceOnModel(tokens: MonthTokens[], book: PriceBook, target: string, appliesTo: "fine-tuned" | "base", day: string): WhatIf {
  // a fine-tuned id of the target family resolves exactly as real fine-tunes of it do
  const entry = book.resolve(appliesTo === "fine-tuned" ? `ft:${target}:what-if` : target, day, "usage");
  if (!entry) return { target, appliesTo, entry: null, costPico: null };
  return { target, appliesTo, entry, costPico: tokens.reduce((a, t) => a + priceUsage(t, entry), 0n) };
}
