import { describe, expect, it } from "vitest";
import { allocateCents, divideRounded, formatCents, formatUsd, formatUsdExact, parseUsd, perMillionToPicoPerToken, roundToCents } from "../lib/money";

describe("parseUsd", () => {
  it.each([
    ["0.15", 150_000_000_000n],
    ["1", 1_000_000_000_000n],
    ["1.5e-7", 150_000n],
    ["3.75e-8", 37_500n],
    ["-2.50", -2_500_000_000_000n],
    [".5", 500_000_000_000n],
    ["0.000000000001", 1n],
  ])("%s → %s pico", (text, pico) => expect(parseUsd(text)).toBe(pico));

  it("refuses text that is not a number", () => {
    expect(() => parseUsd("abc")).toThrow(/not a decimal amount/);
    expect(() => parseUsd("")).toThrow();
  });
  it("refuses sub-picodollar precision unless rounding is allowed, then rounds half away from zero", () => {
    expect(() => parseUsd("0.0000000000015")).toThrow(/precision/);
    expect(parseUsd("0.0000000000015", { allowRounding: true })).toBe(2n);
    expect(parseUsd("0.0000000000014", { allowRounding: true })).toBe(1n);
    expect(parseUsd("-0.0000000000015", { allowRounding: true })).toBe(-2n);
  });
});

describe("prices per 1M tokens", () => {
  it.each([
    ["0.15", 150_000n],
    ["0.075", 75_000n],
    ["10.00", 10_000_000n],
    ["0.000001", 1n],
  ])("%s USD/1M → %s pico per token", (text, pico) => expect(perMillionToPicoPerToken(text)).toBe(pico));
  it("refuses more than 6 decimals and negatives", () => {
    expect(() => perMillionToPicoPerToken("0.0000001")).toThrow(/6 decimals/);
    expect(() => perMillionToPicoPerToken("-1")).toThrow(/negative/);
  });
});

describe("formatting and the rounding rule", () => {
  it.each([
    [0n, "0.00"],
    [1_500_000_000_000n, "1.50"],
    [262_500_000_000n, "0.2625"],
    [1n, "0.000000000001"],
    [-262_500_000_000n, "-0.2625"],
  ])("exact %s → %s", (pico, text) => expect(formatUsdExact(pico)).toBe(text));

  it.each([
    [5_000_000_000n, 1n], // half a cent rounds away from zero
    [4_999_999_999n, 0n],
    [-5_000_000_000n, -1n],
    [12_345_000_000_000n, 1235n], // $12.345 → $12.35
  ])("roundToCents(%s) = %s", (pico, cents) => expect(roundToCents(pico)).toBe(cents));

  it("formats money with the currency and thousands", () => {
    expect(formatUsd(1_234_567_800_000_000n)).toBe("$1,234.57");
    expect(formatCents(-5n)).toBe("-$0.05");
  });

  it("allocates cents so rows add up to the rounded total", () => {
    const third = 3_333_333_333_333n; // $3.333…
    const parts = [third, third, third];
    const cents = allocateCents(parts);
    expect(cents.reduce((a, b) => a + b, 0n)).toBe(roundToCents(third * 3n));
    expect(cents).toEqual([333n, 333n, 334n].sort().map((_, i) => cents[i])); // each within a cent
    for (const c of cents) expect(c === 333n || c === 334n).toBe(true);
    // many half-cent rows: naive rounding would show 10 × $0.01 = $0.10 against a $0.05 total
    const halves = Array.from({ length: 10 }, () => 5_000_000_000n);
    expect(allocateCents(halves).reduce((a, b) => a + b, 0n)).toBe(5n);
  });

  it("divides with the same rule", () => {
    expect(divideRounded(10n, 4n)).toBe(3n); // 2.5 → 3
    expect(divideRounded(9n, 4n)).toBe(2n);
    expect(divideRounded(-10n, 4n)).toBe(-3n);
  });
});
