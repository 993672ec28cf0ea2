import type { PriceInput } from "./priceBook";
import { formatUsdExact, parseUsd } from "../money";

export interface LiteLLMImport {
  prices: PriceInput[];
  skipped: { key: string; reason: string }[];
}

const OPENAI_PROVIDERS = new Set(["openai", "text-completion-openai"]);

/** A per-token price as LiteLLM writes it (a JSON number) to USD per 1M tokens, exactly. */
function perMillion(value: unknown): string | undefined {
  if (value == null) return undefined;
  if (typeof value !== "number" && typeof value !== "string") throw new Error(`price ${JSON.stringify(value)} is not a number`);
  // String(number) is the shortest decimal that reads back as the same double: the literal in the file
  return formatUsdExact(parseUsd(String(value)) * 1_000_000n);
}

/**
 * Reads LiteLLM's model_prices_and_context_window.json. OpenAI entries become price book entries:
 * "ft:<snapshot>" keys price fine-tuned use of that snapshot, other keys price base-model use.
 */
export function parseLiteLLMPrices(json: unknown, opts: { effectiveFrom: string; source: string }): LiteLLMImport {
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new Error("not a LiteLLM price file: expected a JSON object keyed by model name");
  }
  const out: LiteLLMImport = { prices: [], skipped: [] };
  for (const [key, spec] of Object.entries(json as Record<string, Record<string, unknown>>)) {
    if (key === "sample_spec") continue;
    if (!spec || typeof spec !== "object") { out.skipped.push({ key, reason: "not an object" }); continue; }
    if (!OPENAI_PROVIDERS.has(String(spec.litellm_provider ?? ""))) { out.skipped.push({ key, reason: `provider ${spec.litellm_provider ?? "unknown"} is not OpenAI` }); continue; }
    if (key.includes("/")) { out.skipped.push({ key, reason: "provider-prefixed name" }); continue; }
    try {
      const input = perMillion(spec.input_cost_per_token);
      const output = perMillion(spec.output_cost_per_token);
      if (input == null || output == null) { out.skipped.push({ key, reason: "no input or output price per token" }); continue; }
      const fineTuned = key.startsWith("ft:");
      out.prices.push({
        matchKind: "family",
        match: fineTuned ? key.slice(3).split(":")[0] : key,
        appliesTo: fineTuned ? "fine-tuned" : "base",
        effectiveFrom: opts.effectiveFrom,
        input,
        output,
        cachedInput: perMillion(spec.cache_read_input_token_cost),
        batchInput: perMillion(spec.input_cost_per_token_batches),
        batchOutput: perMillion(spec.output_cost_per_token_batches),
        source: opts.source,
      });
    } catch (e) {
      out.skipped.push({ key, reason: (e as Error).message });
    }
  }
  return out;
}
