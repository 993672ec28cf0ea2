import { describe, expect, it } from "vitest";
import { formatUsdExact } from "../lib/money";
import { planFineTune } from "../lib/planning/planner";
import { SCENARIOS } from "../lib/planning/scenarios";
import { DEFAULT_PRICES } from "../lib/pricing/defaultPrices";
import { PriceBook, priceEntryFromInput } from "../lib/pricing/priceBook";

const book = new PriceBook(DEFAULT_PRICES.map((p, i) => ({ id: i + 1, ...priceEntryFromInput(p) })));
const price = (model: string) => book.resolve(model, "2026-06-01", "training")!;
const usd = (p: ReturnType<typeof planFineTune>) => [p.trainingPico, p.monthlyPico, p.firstYearPico].map(formatUsdExact);

describe("planFineTune", () => {
  it("reproduces the seed's worked examples from their formulas", () => {
    // training: 5M tokens (50,000 examples × 100) on GPT-4o mini, one pass = $5.00
    // monthly: 1M input + 2M output on GPT-4o mini = $0.15 + $1.20 = $1.35
    const p = planFineTune({ trainingTokens: 5_000_000, epochs: 1, monthlyInputTokens: 1_000_000, monthlyOutputTokens: 2_000_000 }, price("gpt-4o-mini"));
    expect(usd(p)).toEqual(["5.00", "1.35", "21.20"]);
  });

  // Each figure worked by hand from the formulas on the planner:
  //   Startup MVP:   1.5M trained × $1 = $1.50; (2M × 0.15 + 1M × 0.60) × 1.05 = $0.945; 1.50 + 12 × 0.945 = $12.84
  //   Production:    15M × $1 = $15; (40M × 0.15 + 10M × 0.075 + 20M × 0.60) × 1.075 = 18.75 × 1.075 = $20.15625;
  //                  15 + 12 × 20.15625 = $256.875
  //   Enterprise:    60M × $3 = $180; (350M × 2.50 + 150M × 1.25 + 200M × 10) × 1.10 = 3062.5 × 1.1 = $3368.75;
  //                  180 + 12 × 3368.75 = $40,605
  // The formulas are the reference: a total printed beside a scenario that disagrees with them is not.
  it.each([
    ["startup-mvp", ["1.50", "0.945", "12.84"]],
    ["production-app", ["15.00", "20.15625", "256.875"]],
    ["enterprise", ["180.00", "3368.75", "40605.00"]],
  ])("scenario %s", (key, expected) => {
    const s = SCENARIOS.find((x) => x.key === key)!;
    expect(usd(planFineTune(s.input, price(s.model)))).toEqual(expected);
  });

  it("turns daily volumes into 30-day months", () => {
    const p = planFineTune({ trainingTokens: 0, epochs: 1, dailyInputTokens: 100_000, dailyOutputTokens: 10_000 }, price("gpt-4o-mini"));
    expect(p.monthlyInputTokens).toBe(3_000_000);
    expect(formatUsdExact(p.monthlyPico)).toBe("0.63"); // 3M × 0.15 + 0.3M × 0.60
  });

  it("adds up: first year = training + months × monthly, exactly", () => {
    const p = planFineTune({ trainingTokens: 1_234_567, epochs: 3, monthlyInputTokens: 7_654_321, monthlyOutputTokens: 1_111_111, cachedSharePercent: "33.3", retryBufferPercent: "7" , months: 12 }, price("gpt-4o"));
    expect(p.firstYearPico).toBe(p.trainingPico + 12n * p.monthlyPico);
  });

  it.each([
    [{ trainingTokens: 1, epochs: 0 }, /epochs/],
    [{ trainingTokens: -1, epochs: 3 }, /training tokens/],
    [{ trainingTokens: 1, epochs: 3, cachedSharePercent: "120" }, /cached share/],
    [{ trainingTokens: 1, epochs: 3, retryBufferPercent: "x" }, /not a decimal/],
  ])("refuses %o", (input, message) => expect(() => planFineTune(input, price("gpt-4o-mini"))).toThrow(message));
});
