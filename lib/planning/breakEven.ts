import type { Pico } from "../money";
import type { PriceEntry } from "../pricing/priceBook";

export interface BreakEvenInput {
  /** tokens of one call's prompt on the fine-tuned model (short: the behaviour is trained in) */
  fineTunedPromptTokens: number;
  /** tokens of one call's prompt on the base model (long: few-shot examples in every prompt) */
  basePromptTokens: number;
  outputTokens: number;
  /** tokens in the training file and epochs: the one-off cost of the fine-tune */
  trainingTokens: number;
  epochs: number;
  callsPerMonth: number;
}

export interface BreakEven {
  trainingPico: Pico;
  fineTunedCallPico: Pico;
  baseCallPico: Pico;
  /** the first number of calls at which fine-tuning has cost no more than the base model; null: never */
  breakEvenCalls: bigint | null;
  fineTunedMonthlyPico: Pico;
  baseMonthlyPico: Pico;
}

/**
 * Fine-tune vs base model with few-shot prompts. Over N calls:
 *   fine-tuned = training + N × (fine-tuned prompt × ft input price + output × ft output price)
 *   base       =            N × (base prompt × base input price + output × base output price)
 * The lines cross at N = training ÷ (base call − fine-tuned call), rounded up to a whole call; when a
 * fine-tuned call costs as much as a base call or more, they never cross.
 */
export function fineTuneBreakEven(input: BreakEvenInput, fineTuned: PriceEntry, base: PriceEntry): BreakEven {
  for (const [label, n] of Object.entries(input)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${label} must be a whole number of at least 0`);
  }
  if (fineTuned.trainingPico == null) throw new Error(`the price for ${fineTuned.match} has no training price`);
  const trainingPico = BigInt(input.trainingTokens) * BigInt(input.epochs) * fineTuned.trainingPico;
  const fineTunedCallPico = BigInt(input.fineTunedPromptTokens) * fineTuned.inputPico + BigInt(input.outputTokens) * fineTuned.outputPico;
  const baseCallPico = BigInt(input.basePromptTokens) * base.inputPico + BigInt(input.outputTokens) * base.outputPico;
  const saving = baseCallPico - fineTunedCallPico;
  const breakEvenCalls = trainingPico === 0n ? 0n : saving <= 0n ? null : (trainingPico + saving - 1n) / saving;
  const calls = BigInt(input.callsPerMonth);
  return { trainingPico, fineTunedCallPico, baseCallPico, breakEvenCalls, fineTunedMonthlyPico: calls * fineTunedCallPico, baseMonthlyPico: calls * baseCallPico };
}
