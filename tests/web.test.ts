import { describe, expect, it } from "vitest";
import { checkPassword, isCrossSite, safeNext, signSession, verifySession } from "../lib/auth/session";
import { cumulativeCents, stackedCents } from "../lib/chartSeries";
import { csvCell } from "../lib/formats/csvExport";
import { percentChange } from "../lib/format";
import { shortModelName } from "../lib/pricing/modelId";
import { parseUsageFilter } from "../lib/queries/usageFilter";

const USD = 1_000_000_000_000n;

describe("CSV cells", () => {
  it.each([
    ["=1+1", "'=1+1"], ["+1", "'+1"], ["-2", "'-2"], ["@SUM(A1)", "'@SUM(A1)"], ["\tx", "'\tx"],
    ["a,b", '"a,b"'], ['say "hi"', '"say ""hi"""'], ["=a,b", `"'=a,b"`], ["plain", "plain"], [12, "12"], [null, ""],
  ])("%j → %j", (input, out) => expect(csvCell(input as string)).toBe(out));
});

describe("sessions", () => {
  it("signs and verifies, refuses tampering, expiry and another password", async () => {
    process.env.TOKENTALLY_PASSWORD = "s3cret";
    const now = 1_800_000_000;
    const token = await signSession(now);
    expect(await verifySession(token, now + 60)).toBe(true);
    expect(await verifySession(token.replace(/.$/, (c) => (c === "0" ? "1" : "0")), now)).toBe(false);
    expect(await verifySession(token.replace("v1.1800000000", "v1.1800000001"), now)).toBe(false);
    expect(await verifySession(token, now + 15 * 86_400)).toBe(false);
    expect(await verifySession(undefined, now)).toBe(false);
    expect(await checkPassword("s3cret")).toBe(true);
    expect(await checkPassword("s3cret ")).toBe(false);
    process.env.TOKENTALLY_PASSWORD = "changed";
    expect(await verifySession(token, now)).toBe(false);
    delete process.env.TOKENTALLY_PASSWORD;
  });
  it("tells a cross-site mutation from the app's own", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(isCrossSite("POST", h({ origin: "http://evil.example" }), "127.0.0.1:3000")).toBe(true);
    expect(isCrossSite("POST", h({ origin: "http://127.0.0.1:3000" }), "127.0.0.1:3000")).toBe(false);
    expect(isCrossSite("POST", h({ "sec-fetch-site": "cross-site" }), "127.0.0.1:3000")).toBe(true);
    expect(isCrossSite("POST", h({ origin: "null" }), "127.0.0.1:3000")).toBe(true);
    expect(isCrossSite("GET", h({ origin: "http://evil.example" }), "127.0.0.1:3000")).toBe(false);
    expect(isCrossSite("POST", h({}), "127.0.0.1:3000")).toBe(false); // scripts: still need the session
  });
  it("only follows local paths after login", () => {
    expect([safeNext("/usage?x=1"), safeNext("//evil.example"), safeNext("https://evil.example"), safeNext(null)]).toEqual(["/usage?x=1", "/", "/", "/"]);
  });
});

describe("chart series", () => {
  it("stacks parts that add up to each bar's rounded total", () => {
    const [a, b, c] = stackedCents([
      { label: "a", pico: [USD / 300n, 5n * USD] },
      { label: "b", pico: [USD / 300n, 0n] },
      { label: "c", pico: [USD / 300n, 1n] },
    ]);
    expect(a.cents[0]! + b.cents[0]! + c.cents[0]!).toBe(1); // 3 × $0.00333… = $0.01
    expect([a.cents[1], b.cents[1], c.cents[1]]).toEqual([500, 0, 0]);
  });
  it("runs the cumulative line through the complete days, then the projection and its band to month end", () => {
    const days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"];
    const s = cumulativeCents(days, [USD, 2n * USD, 0n, 0n], "2026-11-03",
      { actualPico: 3n * USD, projectedPico: 7n * USD, lowPico: 5n * USD, highPico: 11n * USD, days: [{ day: "2026-11-03", pico: 2n * USD }, { day: "2026-11-04", pico: 2n * USD }], errorSamples: 9 },
      10n * USD);
    expect(s.actual).toEqual([100, 300, null, null]);
    expect(s.projected).toEqual([null, 300, 500, 700]);
    expect(s.low).toEqual([null, 300, 400, 500]);
    expect(s.high).toEqual([null, 300, 700, 1100]);
    expect(s.budget).toEqual([1000, 1000, 1000, 1000]);
  });
});

describe("page helpers", () => {
  it("formats a change in percent by the one rounding rule", () => {
    expect([percentChange(200n, 300n), percentChange(300n, 200n), percentChange(3n, 4n), percentChange(0n, 5n)]).toEqual(["+50.0%", "−33.3%", "+33.3%", null]);
  });
  it("shortens fine-tuned ids for legends", () => {
    expect(shortModelName("ft:gpt-4o-2024-08-06:acme:writer:Zt7Hw1")).toBe("writer:Zt7Hw1 (gpt-4o)");
    expect(shortModelName("gpt-4o-mini")).toBe("gpt-4o-mini");
  });
  it("reads usage filters, defaulting to this month and reporting what is wrong", () => {
    expect(parseUsageFilter({}, "2026-11-24").filter).toMatchObject({ from: "2026-11-01", to: "2026-11-24", page: 1 });
    const bad = parseUsageFilter({ from: "2026-11-30", to: "2026-11-01" }, "2026-11-24");
    expect(bad.error).toMatch(/must not end before it starts/);
    expect(bad.filter.from).toBe("2026-11-01");
    expect(parseUsageFilter({ batch: "maybe" }, "2026-11-24").error).toBeTruthy();
  });
});
