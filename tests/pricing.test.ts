import { describe, expect, it } from "vitest";
import { parseModelId } from "../lib/pricing/modelId";
import { PriceBook, priceEntryFromInput, priceTraining, priceUsage, trainedTokens, type PriceEntry } from "../lib/pricing/priceBook";
import { DEFAULT_PRICES } from "../lib/pricing/defaultPrices";
import { formatUsdExact } from "../lib/money";

let nextId = 1;
const entry = (p: Parameters<typeof priceEntryFromInput>[0]): PriceEntry => ({ id: nextId++, ...priceEntryFromInput(p) });
const defaults = () => DEFAULT_PRICES.map(entry);

describe("parseModelId", () => {
  it.each([
    ["ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", true, "gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["ft:gpt-4o-mini-2024-07-18:acme::AbC123", true, "gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["ft:gpt-4o-2024-08-06", true, "gpt-4o-2024-08-06", "gpt-4o"],
    ["ft:gpt-3.5-turbo-0125:acme:x:1", true, "gpt-3.5-turbo-0125", "gpt-3.5-turbo"],
    ["gpt-3.5-turbo-0125", false, "gpt-3.5-turbo-0125", "gpt-3.5-turbo"],
    ["gpt-4-turbo-2024-04-09", false, "gpt-4-turbo-2024-04-09", "gpt-4-turbo"],
    ["gpt-4o-mini", false, "gpt-4o-mini", "gpt-4o-mini"],
  ])("%s", (id, fineTuned, snapshot, family) => {
    expect(parseModelId(id)).toEqual({ id, fineTuned, snapshot, family });
  });
});

describe("PriceBook.resolve", () => {
  const book = new PriceBook(defaults());
  it.each([
    ["ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", "gpt-4o-mini"],
    ["ft:gpt-4o-2024-08-06:acme::x", "gpt-4o"], // gpt-4o is not taken for gpt-4o-mini nor the other way round
    ["ft:gpt-4-turbo-2024-04-09:acme::x", "gpt-4-turbo"],
    ["ft:gpt-3.5-turbo-0125:acme::x", "gpt-3.5-turbo"],
  ])("%s → %s", (model, match) => expect(book.resolve(model, "2026-03-01")?.match).toBe(match));

  it("leaves base-model usage and unknown models unpriced (the default book prices fine-tuned use only)", () => {
    expect(book.resolve("gpt-4o-mini-2024-07-18", "2026-03-01")).toBeNull();
    expect(book.resolve("ft:davinci-002:acme::x", "2026-03-01")).toBeNull();
  });
  it("prices nothing before the book's effective date", () => {
    expect(book.resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2025-12-31")).toBeNull();
  });
  it("takes the entry in force on the record's day", () => {
    const b = new PriceBook([...defaults(), entry({ match: "gpt-4o-mini", training: "1.00", input: "0.20", output: "0.80", effectiveFrom: "2026-06-01" })]);
    expect(formatUsdExact(b.resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2026-05-31")!.inputPico * 1_000_000n)).toBe("0.15");
    expect(formatUsdExact(b.resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2026-06-01")!.inputPico * 1_000_000n)).toBe("0.20");
  });
  it("lets an exact id, then a pattern, override the family", () => {
    const exact = entry({ matchKind: "exact", match: "ft:gpt-4o-mini-2024-07-18:acme:vip:1", input: "9", output: "9" });
    const pattern = entry({ matchKind: "pattern", match: "ft:gpt-4o-mini-*:acme:*", input: "5", output: "5" });
    const b = new PriceBook([...defaults(), exact, pattern]);
    expect(b.resolve("ft:gpt-4o-mini-2024-07-18:acme:vip:1", "2026-03-01")?.id).toBe(exact.id);
    expect(b.resolve("ft:gpt-4o-mini-2024-07-18:acme:other:2", "2026-03-01")?.id).toBe(pattern.id);
    expect(b.resolve("ft:gpt-4o-mini-2024-07-18:globex:other:2", "2026-03-01")?.match).toBe("gpt-4o-mini");
  });
  it("prices base-model usage once a base entry exists, without touching fine-tuned use", () => {
    const base = entry({ match: "gpt-4o-mini", appliesTo: "base", input: "0.15", output: "0.60" });
    const b = new PriceBook([...defaults(), base]);
    expect(b.resolve("gpt-4o-mini-2024-07-18", "2026-03-01")?.id).toBe(base.id);
    expect(b.resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2026-03-01")?.appliesTo).toBe("fine-tuned");
  });
  it("prices training by the snapshot being fine-tuned, skipping entries without a training price", () => {
    const noTraining = entry({ match: "gpt-4o-mini-2024-07-18", input: "0.3", output: "1.2" });
    const b = new PriceBook([...defaults(), noTraining]);
    expect(b.resolve("gpt-4o-mini-2024-07-18", "2026-03-01", "training")?.match).toBe("gpt-4o-mini");
    expect(b.resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2026-03-01")?.id).toBe(noTraining.id);
  });
});

describe("priceUsage (OpenAI semantics: input includes cached)", () => {
  const mini = new PriceBook(defaults()).resolve("ft:gpt-4o-mini-2024-07-18:a::b", "2026-03-01")!;
  const gpt4o = new PriceBook(defaults()).resolve("ft:gpt-4o-2024-08-06:a::b", "2026-03-01")!;
  it.each([
    // the seed's example: 1M input + 2M output on GPT-4o mini = $0.15 + $1.20 = $1.35
    [mini, 1_000_000, 0, 2_000_000, false, "1.35"],
    [mini, 1_000_000, 0, 0, false, "0.15"],
    // 900k uncached × 0.15 + 100k cached × 0.075 + 200k × 0.60
    [mini, 1_000_000, 100_000, 200_000, false, "0.2625"],
    // batch halves every price
    [mini, 1_000_000, 100_000, 200_000, true, "0.13125"],
    [gpt4o, 1_000_000, 0, 1_000_000, false, "12.50"],
    [gpt4o, 1_000_000, 1_000_000, 0, false, "1.25"],
    [mini, 1, 0, 0, false, "0.00000015"],
  ])("%#: input %i, cached %i, output %i, batch %s → $%s", (e, input, cached, output, batch, usd) => {
    expect(formatUsdExact(priceUsage({ inputTokens: input, cachedTokens: cached, outputTokens: output, batch }, e))).toBe(usd);
  });
});

describe("training", () => {
  const mini = new PriceBook(defaults()).resolve("gpt-4o-mini-2024-07-18", "2026-03-01", "training")!;
  it("is trained tokens × training price (the seed: 5M tokens on GPT-4o mini = $5.00)", () => {
    expect(formatUsdExact(priceTraining(5_000_000, mini)!)).toBe("5.00");
    expect(formatUsdExact(priceTraining(100_000, mini)!)).toBe("0.10");
  });
  it("uses trained_tokens as given (it counts every epoch), else dataset × epochs", () => {
    expect(trainedTokens({ trainedTokens: 3_000_000, datasetTokens: 1_000_000, epochs: 3 })).toBe(3_000_000);
    expect(trainedTokens({ datasetTokens: 1_000_000, epochs: 3 })).toBe(3_000_000);
    expect(trainedTokens({ datasetTokens: 1_000_000 })).toBeNull();
  });
});

describe("priceEntryFromInput", () => {
  it("fills cached input at 50% of input and batch at 50% of every token price", () => {
    const e = priceEntryFromInput({ match: "gpt-4o", input: "2.50", output: "10.00" });
    expect([e.cachedInputPico, e.batchInputPico, e.batchCachedPico, e.batchOutputPico].map((p) => formatUsdExact(p * 1_000_000n))).toEqual(["1.25", "1.25", "0.625", "5.00"]);
  });
  it("keeps edited discounts", () => {
    const e = priceEntryFromInput({ match: "gpt-4o", input: "2.50", output: "10.00", cachedInput: "2.00", batchOutput: "9.00" });
    expect(formatUsdExact(e.cachedInputPico * 1_000_000n)).toBe("2.00");
    expect(formatUsdExact(e.batchOutputPico * 1_000_000n)).toBe("9.00");
  });
  it.each([
    [{ match: "", input: "1", output: "1" }, /needs a model/],
    [{ match: "x", input: "abc", output: "1" }, /input: "abc" is not a decimal/],
    [{ match: "x", input: "1", output: "1", effectiveFrom: "June" }, /not YYYY-MM-DD/],
    [{ match: "x", input: "1", output: "1", matchKind: "regex" as never }, /match kind/],
  ])("refuses %o", (input, message) => expect(() => priceEntryFromInput(input)).toThrow(message));
});
