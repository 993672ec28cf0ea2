import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseLiteLLMPrices } from "../lib/pricing/litellm";
import { fixture } from "./support";

describe("LiteLLM price import", () => {
  const parsed = parseLiteLLMPrices(JSON.parse(readFileSync(fixture("litellm_prices.json"), "utf8")), { effectiveFrom: "2026-06-01", source: "LiteLLM test" });

  it("turns per-token prices into exact per-1M prices for OpenAI models only", () => {
    expect(parsed.prices).toEqual([
      { matchKind: "family", match: "gpt-4o-mini", appliesTo: "base", effectiveFrom: "2026-06-01", input: "0.15", output: "0.60", cachedInput: "0.075", batchInput: "0.075", batchOutput: "0.30", source: "LiteLLM test" },
      { matchKind: "family", match: "gpt-4o-mini-2024-07-18", appliesTo: "fine-tuned", effectiveFrom: "2026-06-01", input: "0.30", output: "1.20", cachedInput: "0.15", batchInput: undefined, batchOutput: undefined, source: "LiteLLM test" },
    ]);
    expect(parsed.skipped.map((s) => s.key)).toEqual(["azure/gpt-4o", "claude-3-5-sonnet-20241022"]);
  });

  it("refuses a file that is not a LiteLLM price map", () => {
    expect(() => parseLiteLLMPrices([], { effectiveFrom: "2026-06-01", source: "x" })).toThrow(/not a LiteLLM price file/);
  });
});
