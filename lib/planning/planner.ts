import { divideRounded, parseUsd, PICO_PER_USD, type Pico } from "../money";
import type { PriceEntry } from "../pricing/priceBook";

/** A month in the planner is 30 days when usage is given per day. */
export const DAYS_PER_MONTH = 30;

export interface PlanInput {
  trainingTokens: number; // tokens in the training file (one epoch)
  epochs: number;
  /** share of the file held out for validation, "0".."100": validation examples are not trained on */
  validationSplitPercent?: string;
  monthlyInputTokens?: number;
  monthlyOutputTokens?: number;
  dailyInputTokens?: number;
  dailyOutputTokens?: number;
  cachedSharePercent?: string; // share of input tokens served from cache, "0".."100"
  retryBufferPercent?: string; // extra calls for retries and failures, the seed's 5–10%
  months?: number;
}

export interface Plan {
  /** tokens trained per epoch: the file less its validation share */
  tokensPerEpoch: number;
  trainedTokens: number;
  monthlyInputTokens: number;
  monthlyOutputTokens: number;
  trainingPico: Pico;
  monthlyPico: Pico;
  firstYearPico: Pico;
  months: number;
}

const PERCENT_SCALE = 100n * PICO_PER_USD; // parseUsd("7.5") is 7.5×1e12

function percent(text: string | undefined, label: string): bigint {
  const value = parseUsd(text ?? "0");
  if (value < 0n || value > PERCENT_SCALE) throw new Error(`${label} must be between 0 and 100 percent`);
  return value;
}

/**
 * First-year cost of a fine-tune:
 *   training = training tokens × (1 − validation%) × epochs × training price
 *   monthly  = [input × (1 − cached%) × input price + input × cached% × cached price
 *               + output × output price] × (1 + retry%)
 *   first year = training + monthly × months
 * Each figure is rounded once, to the picodollar; the first year is built from the rounded monthly
 * figure so the three always add up.
 */
export function planFineTune(input: PlanInput, price: PriceEntry): Plan {
  const epochs = input.epochs;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error("epochs must be a whole number of at least 1");
  const months = input.months ?? 12;
  if (!Number.isInteger(months) || months < 1) throw new Error("months must be a whole number of at least 1");
  const monthlyInputTokens = input.monthlyInputTokens ?? (input.dailyInputTokens ?? 0) * DAYS_PER_MONTH;
  const monthlyOutputTokens = input.monthlyOutputTokens ?? (input.dailyOutputTokens ?? 0) * DAYS_PER_MONTH;
  for (const [label, n] of [["training tokens", input.trainingTokens], ["input tokens", monthlyInputTokens], ["output tokens", monthlyOutputTokens]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${label} must be a whole number of at least 0`);
  }
  if (price.trainingPico == null) throw new Error(`the price for ${price.match} has no training price`);

  const split = percent(input.validationSplitPercent, "validation split");
  // the held-out share, rounded to a whole token by the one rule (half away from zero)
  const heldOut = Number(divideRounded(BigInt(input.trainingTokens) * split, PERCENT_SCALE));
  const tokensPerEpoch = input.trainingTokens - heldOut;
  const trainedTokens = tokensPerEpoch * epochs;
  const trainingPico = BigInt(trainedTokens) * price.trainingPico;

  const cached = percent(input.cachedSharePercent, "cached share");
  const retry = percent(input.retryBufferPercent, "retry buffer");
  const inputTokens = BigInt(monthlyInputTokens);
  // all in picodollars × PERCENT_SCALE until the single rounding step
  const inputCost = inputTokens * ((PERCENT_SCALE - cached) * price.inputPico + cached * price.cachedInputPico);
  const outputCost = BigInt(monthlyOutputTokens) * price.outputPico * PERCENT_SCALE;
  const monthlyPico = divideRounded((inputCost + outputCost) * (PERCENT_SCALE + retry), PERCENT_SCALE * PERCENT_SCALE);

  return {
    tokensPerEpoch,
    trainedTokens,
    monthlyInputTokens,
    monthlyOutputTokens,
    trainingPico,
    monthlyPico,
    firstYearPico: trainingPico + monthlyPico * BigInt(months),
    months,
  };
}
