import { describe, expect, it } from "vitest";
import { daysInMonth, projectMonthEnd } from "../lib/forecast/projectMonthEnd";

const USD = 1_000_000_000_000n;
const days = (month: string, values: number[]) => new Map(values.map((v, i) => [`${month}-${String(i + 1).padStart(2, "0")}`, BigInt(v) * USD]));

describe("projectMonthEnd", () => {
  it("is the actual total for a past month", () => {
    expect(projectMonthEnd({ month: "2026-10", training: 5n * USD, dailyInference: days("2026-10", [1, 2, 3]) }, "2026-11-24")).toBe(11n * USD);
  });
  it("extrapolates the last 7 complete days over the days left, today included", () => {
    // Nov has 30 days; today is the 11th: 10 complete days at $10, run rate $10, 20 days left
    const p = projectMonthEnd({ month: "2026-11", training: 0n, dailyInference: days("2026-11", Array(11).fill(10)) }, "2026-11-11");
    expect(p).toBe(300n * USD);
  });
  it("counts training as it happened, not as a rate", () => {
    const p = projectMonthEnd({ month: "2026-11", training: 50n * USD, dailyInference: days("2026-11", Array(10).fill(10)) }, "2026-11-11");
    expect(p).toBe(350n * USD);
  });
  it("has no projection on a month's first day or for a future month", () => {
    expect(projectMonthEnd({ month: "2026-11", training: 0n, dailyInference: new Map() }, "2026-11-01")).toBeNull();
    expect(projectMonthEnd({ month: "2026-12", training: 0n, dailyInference: new Map() }, "2026-11-24")).toBeNull();
  });
  it("knows month lengths", () => {
    expect([daysInMonth("2026-02"), daysInMonth("2028-02"), daysInMonth("2026-12")]).toEqual([28, 29, 31]);
  });
});
