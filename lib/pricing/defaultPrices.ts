import type { PriceInput } from "./priceBook";

/**
 * The default price book: OpenAI fine-tuning prices, USD per 1M tokens, as the seed article lists
 * them (training / fine-tuned input / fine-tuned output). Cached input and batch use OpenAI's published
 * 50% discounts (filled in by priceEntryFromInput). They price fine-tuned use only: usage of a base
 * model stays unpriced until someone adds a "base" entry for it.
 */
export const DEFAULT_PRICE_SOURCE = "seed article: ChatGPT API fine-tuning costs (2026)";

export const DEFAULT_PRICES: PriceInput[] = [
  { match: "gpt-4o-mini", training: "1.00", input: "0.15", output: "0.60" },
  { match: "gpt-4o", training: "3.00", input: "2.50", output: "10.00" },
  { match: "gpt-4-turbo", training: "2.70", input: "3.00", output: "15.00" },
  { match: "gpt-3.5-turbo", training: "0.80", input: "0.30", output: "1.50" },
].map((p) => ({ ...p, matchKind: "family", appliesTo: "fine-tuned", effectiveFrom: "2026-01-01", source: DEFAULT_PRICE_SOURCE }));
