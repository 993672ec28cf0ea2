import { describe, expect, it } from "vitest";
import { formatUsdExact } from "../lib/money";
import { fineTuneBreakEven } from "../lib/planning/breakEven";
import { planFineTune } from "../lib/planning/planner";
import { repriceOnModel } from "../lib/planning/whatIf";
import { DEFAULT_PRICES } from "../lib/pricing/defaultPrices";
import { PriceBook, priceEntryFromInput } from "../lib/pricing/priceBook";

const book = new PriceBook([
  ...DEFAULT_PRICES.map((p, i) => ({ id: i + 1, ...priceEntryFromInput(p) })),
  { id: 99, ...priceEntryFromInput({ match: "gpt-4o-mini", appliesTo: "base", input: "0.15", output: "0.60" }) },
]);
const ft = (family: string) => book.resolve(`ft:${family}:x:y`, "2026-06-01")!;

describe("planner validation split", () => {
  it("trains on the file less its validation share", () => {
    // 1,000,001 tokens, 10% held out (100,000.1 → 100,000): 900,001 per epoch × 3 = 2,700,003 at $1/1M
    const p = planFineTune({ trainingTokens: 1_000_001, epochs: 3, validationSplitPercent: "10" }, ft("gpt-4o-mini"));
    expect([p.tokensPerEpoch, p.trainedTokens, formatUsdExact(p.trainingPico)]).toEqual([900_001, 2_700_003, "2.700003"]);
  });
  it("refuses a split over 100%", () => {
    expect(() => planFineTune({ trainingTokens: 1, epochs: 1, validationSplitPercent: "101" }, ft("gpt-4o-mini"))).toThrow(/validation split/);
  });
});

describe("what if this month ran on another model", () => {
  const tokens = [
    { batch: false, inputTokens: 10_000_000, cachedTokens: 2_000_000, outputTokens: 1_000_000 },
    { batch: true, inputTokens: 4_000_000, cachedTokens: 0, outputTokens: 2_000_000 },
  ];
  it("prices the same tokens on the target's fine-tuned prices, batch at its own", () => {
    // gpt-4o fine-tuned: 8M × 2.50 + 2M × 1.25 + 1M × 10 = 32.50; batch: 4M × 1.25 + 2M × 5 = 15 → $47.50
    expect(formatUsdExact(repriceOnModel(tokens, book, "gpt-4o", "fine-tuned", "2026-06-01").costPico!)).toBe("47.50");
  });
  it("says when the target has no price rather than calling it $0", () => {
    expect(repriceOnModel(tokens, book, "gpt-4o", "base", "2026-06-01").costPico).toBeNull();
  });
});

describe("fine-tune vs base-model break-even", () => {
  const input = { fineTunedPromptTokens: 200, basePromptTokens: 1_700, outputTokens: 100, trainingTokens: 1_000_000, epochs: 3, callsPerMonth: 100_000 };
  it("finds where the lines cross, to the call", () => {
    // the default book's fine-tuned gpt-4o-mini is $0.15 / $0.60, as is the base entry added above:
    // training 3M × $1 = $3; ft call 200 × 0.15µ + 100 × 0.60µ = $0.00009; base call 1,700 × 0.15µ + 100 × 0.60µ = $0.000315
    // saving $0.000225 a call → 3 / 0.000225 = 13,333.3… → 13,334 calls
    const b = fineTuneBreakEven(input, ft("gpt-4o-mini"), book.resolve("gpt-4o-mini", "2026-06-01")!);
    expect(formatUsdExact(b.trainingPico)).toBe("3.00");
    expect(formatUsdExact(b.fineTunedCallPico)).toBe("0.00009");
    expect(formatUsdExact(b.baseCallPico)).toBe("0.000315");
    expect(b.breakEvenCalls).toBe(13_334n);
    const costAt = (n: bigint) => [b.trainingPico + n * b.fineTunedCallPico, n * b.baseCallPico];
    const [ftAt, baseAt] = costAt(b.breakEvenCalls!);
    const [ftBefore, baseBefore] = costAt(b.breakEvenCalls! - 1n);
    expect(ftAt <= baseAt && ftBefore > baseBefore).toBe(true);
    expect([formatUsdExact(b.fineTunedMonthlyPico), formatUsdExact(b.baseMonthlyPico)]).toEqual(["9.00", "31.50"]);
  });
  it("never crosses when a fine-tuned call costs at least a base call", () => {
    const b = fineTuneBreakEven({ ...input, basePromptTokens: 200 }, ft("gpt-4o-mini"), book.resolve("gpt-4o-mini", "2026-06-01")!);
    expect(b.breakEvenCalls).toBeNull();
  });
});
