import { halve, perMillionToPicoPerToken, type Pico } from "../money";
import { parseModelId } from "./modelId";

export type MatchKind = "family" | "exact" | "pattern";
export type AppliesTo = "fine-tuned" | "base";

/** A price book entry; every price is picodollars per token (= µUSD per 1M tokens). */
export interface PriceEntry {
  id: number;
  matchKind: MatchKind;
  match: string;
  appliesTo: AppliesTo;
  effectiveFrom: string; // YYYY-MM-DD (UTC), inclusive
  trainingPico: Pico | null;
  inputPico: Pico;
  cachedInputPico: Pico;
  outputPico: Pico;
  batchInputPico: Pico;
  batchCachedPico: Pico;
  batchOutputPico: Pico;
  source: string;
}

export interface PriceInput {
  matchKind?: MatchKind;
  match: string;
  appliesTo?: AppliesTo;
  effectiveFrom?: string;
  /** USD per 1M tokens, as decimal strings */
  training?: string | null;
  input: string;
  output: string;
  cachedInput?: string;
  batchInput?: string;
  batchCachedInput?: string;
  batchOutput?: string;
  source?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Builds an entry from user-facing prices, filling OpenAI's published discounts where not given:
 * cached input = 50% of input, batch = 50% of each token price.
 */
export function priceEntryFromInput(p: PriceInput): Omit<PriceEntry, "id"> {
  const matchKind = p.matchKind ?? "family";
  if (!["family", "exact", "pattern"].includes(matchKind)) throw new Error(`match kind must be family, exact or pattern, not "${matchKind}"`);
  const appliesTo = p.appliesTo ?? "fine-tuned";
  if (!["fine-tuned", "base"].includes(appliesTo)) throw new Error(`applies-to must be fine-tuned or base, not "${appliesTo}"`);
  const match = p.match.trim();
  if (!match) throw new Error("a price needs a model (family, exact id or pattern)");
  const effectiveFrom = p.effectiveFrom ?? "2026-01-01";
  if (!DAY.test(effectiveFrom) || Number.isNaN(Date.parse(effectiveFrom))) throw new Error(`effective date "${effectiveFrom}" is not YYYY-MM-DD`);
  const price = (label: string, v: string) => {
    try {
      return perMillionToPicoPerToken(v);
    } catch (e) {
      throw new Error(`${label}: ${(e as Error).message}`);
    }
  };
  const inputPico = price("input", p.input);
  const outputPico = price("output", p.output);
  const cachedInputPico = p.cachedInput != null ? price("cached input", p.cachedInput) : halve(inputPico);
  return {
    matchKind,
    match,
    appliesTo,
    effectiveFrom,
    trainingPico: p.training != null && p.training !== "" ? price("training", p.training) : null,
    inputPico,
    cachedInputPico,
    outputPico,
    batchInputPico: p.batchInput != null ? price("batch input", p.batchInput) : halve(inputPico),
    batchCachedPico: p.batchCachedInput != null ? price("batch cached input", p.batchCachedInput) : halve(cachedInputPico),
    batchOutputPico: p.batchOutput != null ? price("batch output", p.batchOutput) : halve(outputPico),
    source: p.source ?? "user",
  };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp("^" + glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
}

const KIND_RANK: Record<MatchKind, number> = { exact: 0, pattern: 1, family: 2 };

/**
 * The price in force for a model on a day. Most specific wins: an exact id, then a pattern (the one
 * with the most literal characters), then the longest family prefix (so gpt-4o-mini is never priced as
 * gpt-4o); among entries for the same match, the latest effective date not after the day.
 */
export class PriceBook {
  private readonly patterns = new Map<string, RegExp>();

  constructor(readonly entries: PriceEntry[]) {
    for (const e of entries) if (e.matchKind === "pattern") this.patterns.set(e.match, globToRegExp(e.match));
  }

  resolve(modelId: string, day: string, use: "usage" | "training" = "usage"): PriceEntry | null {
    const model = parseModelId(modelId);
    // a training job names the snapshot it fine-tunes: it is always priced as fine-tuned
    const appliesTo: AppliesTo = use === "training" || model.fineTuned ? "fine-tuned" : "base";
    let best: PriceEntry | null = null;
    let bestKey: [number, number, string] | null = null;
    for (const e of this.entries) {
      if (e.appliesTo !== appliesTo || e.effectiveFrom > day) continue;
      if (use === "training" && e.trainingPico == null) continue;
      let specificity: number;
      if (e.matchKind === "exact") {
        if (e.match !== model.id) continue;
        specificity = e.match.length;
      } else if (e.matchKind === "pattern") {
        if (!this.patterns.get(e.match)!.test(model.id)) continue;
        specificity = e.match.replace(/\*/g, "").length;
      } else {
        if (model.snapshot !== e.match && !model.snapshot.startsWith(e.match + "-")) continue;
        specificity = e.match.length;
      }
      const key: [number, number, string] = [KIND_RANK[e.matchKind], -specificity, e.effectiveFrom];
      if (
        !bestKey ||
        key[0] < bestKey[0] ||
        (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] > bestKey[2])))
      ) {
        best = e;
        bestKey = key;
      }
    }
    return best;
  }
}

export interface TokenCounts {
  inputTokens: number; // includes cachedTokens, as OpenAI reports it
  cachedTokens: number;
  outputTokens: number;
  batch: boolean;
}

/** Inference cost: (input − cached) × input + cached × cached-input + output × output, batch prices for batch. */
export function priceUsage(usage: TokenCounts, entry: PriceEntry): bigint {
  const [input, cached, output] = usage.batch
    ? [entry.batchInputPico, entry.batchCachedPico, entry.batchOutputPico]
    : [entry.inputPico, entry.cachedInputPico, entry.outputPico];
  return (
    BigInt(usage.inputTokens - usage.cachedTokens) * input +
    BigInt(usage.cachedTokens) * cached +
    BigInt(usage.outputTokens) * output
  );
}

/** Training cost: trained tokens (which already count every epoch) × the training price. */
export function priceTraining(trainedTokens: number, entry: PriceEntry): bigint | null {
  return entry.trainingPico == null ? null : BigInt(trainedTokens) * entry.trainingPico;
}

/** OpenAI's trained_tokens counts every epoch; when only the dataset size is known, multiply. */
export function trainedTokens(job: { trainedTokens?: number | null; datasetTokens?: number | null; epochs?: number | null }): number | null {
  if (job.trainedTokens != null) return job.trainedTokens;
  if (job.datasetTokens != null && job.epochs != null) return job.datasetTokens * job.epochs;
  return null;
}
