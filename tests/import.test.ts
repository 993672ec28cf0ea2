import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importFile, ImportRefusedError } from "../lib/ingest/importFile";
import { formatUsdExact } from "../lib/money";
import { getMonthReport } from "../lib/queries/getMonthReport";
import { getMonthTotals } from "../lib/queries/getMonthTotals";
import { listPrices, repriceStored, upsertPrice } from "../lib/pricing/store";
import { monthReportJson } from "../lib/reports";
import { parseMappingSpec } from "../lib/formats";
import { fixture, tempDb } from "./support";

let t: ReturnType<typeof tempDb>;
beforeEach(() => { t = tempDb(); });
afterEach(async () => { await t.cleanup(); });

const USAGE = fixture("completions_usage_2026-03-01_2026-03-03.csv");
const count = (table: string) => Number((t.d.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: bigint }).n);

describe("a fresh database", () => {
  it("is migrated and holds the default price book", async () => {
    const prices = (await listPrices(t.d)).map((p) => [p.match, p.appliesTo, p.effectiveFrom, formatUsdExact((p.trainingPico ?? 0n) * 1_000_000n), formatUsdExact(p.inputPico * 1_000_000n), formatUsdExact(p.outputPico * 1_000_000n)]);
    expect(prices).toEqual([
      ["gpt-3.5-turbo", "fine-tuned", "2026-01-01", "0.80", "0.30", "1.50"],
      ["gpt-4-turbo", "fine-tuned", "2026-01-01", "2.70", "3.00", "15.00"],
      ["gpt-4o", "fine-tuned", "2026-01-01", "3.00", "2.50", "10.00"],
      ["gpt-4o-mini", "fine-tuned", "2026-01-01", "1.00", "0.15", "0.60"],
    ]);
  });
});

describe("importFile", () => {
  it("imports, prices exactly, keeps rejected rows with line and reason", async () => {
    const r = await importFile(USAGE, {}, t.d);
    expect([r.imported, r.updated, r.duplicates, r.rejected]).toEqual([5, 0, 0, 6]);
    expect(r.errors.map((e) => e.line)).toEqual([7, 8, 9, 10, 11, 14]);
    const kept = t.d.sqlite.prepare(`SELECT line, reason, raw FROM rejected_row WHERE import_id = ? ORDER BY line`).all(r.importId) as { line: bigint; raw: string }[];
    expect(kept).toHaveLength(6);
    expect(kept[0].raw).toContain("12x");
    const report = monthReportJson(getMonthReport("2026-03", { today: "2026-11-24" }, t.d));
    // 0.2625 (mini) + 0.27 (mini, batch) + 2.00 (4o) + 0.24 (3.5-turbo); the base-model row has no price
    expect(report.totalUsd).toBe("2.7725");
    expect(report.unpricedTokens).toBe(12_000);
    expect(report.byModel.find((m) => m.model === "gpt-4o-mini-2024-07-18")).toEqual({ model: "gpt-4o-mini-2024-07-18", baseModel: "gpt-4o-mini", usd: null, unpricedTokens: 12_000 });
  });

  it("adds nothing when the same file is imported again", async () => {
    await importFile(USAGE, {}, t.d);
    const again = await importFile(USAGE, {}, t.d);
    expect([again.imported, again.updated, again.duplicates, again.rejected]).toEqual([0, 0, 5, 6]);
    expect(count("usage_record")).toBe(5);
    expect(count("import_run")).toBe(2);
  });

  it("updates a record whose values changed for the same natural key, and reports it", async () => {
    await importFile(USAGE, {}, t.d);
    const changed = path.join(t.dir, "changed.csv");
    writeFileSync(changed, readFileSync(USAGE, "utf8").replace(",1000000,200000,100000,", ",1000000,300000,100000,"));
    const r = await importFile(changed, {}, t.d);
    expect([r.imported, r.updated, r.duplicates]).toEqual([0, 1, 4]);
    expect(count("usage_record")).toBe(5);
    // 100k more output tokens at $0.60/1M
    expect(monthReportJson(getMonthReport("2026-03", {}, t.d)).totalUsd).toBe("2.8325");
  });

  it("rejects a row whose cost would not fit a stored record instead of failing the file", async () => {
    const huge = path.join(t.dir, "huge.csv");
    writeFileSync(huge, "start_time,model,input_tokens,output_tokens\n1772323200,ft:gpt-4o-2024-08-06:a::b,0,1000000000000\n1772323200,ft:gpt-4o-2024-08-06:a::c,0,1\n");
    const r = await importFile(huge, {}, t.d);
    expect([r.imported, r.rejected]).toEqual([1, 1]);
    expect(r.errors[0]).toEqual({ line: 2, reason: "cost of this row exceeds 9,223,372 USD, more than one stored record can hold" });
  });

  it("refuses an unreadable file as a whole and records the attempt", async () => {
    const bad = path.join(t.dir, "notes.csv");
    writeFileSync(bad, "name,email\nx,y\n");
    const err = await importFile(bad, {}, t.d).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect(err.message).toMatch(/Not a recognised usage file/);
    expect(t.d.sqlite.prepare(`SELECT status, error FROM import_run`).get()).toEqual({ status: "failed", error: err.message });
    expect(count("usage_record")).toBe(0);
  });

  it("attributes training to the month the job finished; failed jobs are skipped and cost nothing", async () => {
    const r = await importFile(fixture("fine_tuning_jobs.json"), {}, t.d);
    expect([r.imported, r.skipped, r.rejected]).toEqual([4, 2, 0]);
    const report = monthReportJson(getMonthReport("2026-03", {}, t.d));
    // 3M trained × $1 (mini) + 1M dataset × 2 epochs × $3 (4o)
    expect(report.trainingUsd).toBe("9.00");
    expect(report.byModel.map((m) => [m.model, m.usd])).toEqual([
      ["ft:gpt-4o-2024-08-06:acme:writer:G7h8I9", "6.00"],
      ["ft:gpt-4o-mini-2024-07-18:acme:support:A1b2C3", "3.00"],
    ]);
    const again = await importFile(fixture("fine_tuning_jobs.json"), {}, t.d);
    expect([again.imported, again.duplicates]).toEqual([0, 4]);
  });

  it("stores the costs export for reconciliation, never in the computed total", async () => {
    await importFile(USAGE, {}, t.d);
    await importFile(fixture("costs_2026-03-01_2026-03-03.csv"), {}, t.d);
    const report = monthReportJson(getMonthReport("2026-03", {}, t.d));
    expect(report.totalUsd).toBe("2.7725");
    expect(report.billedUsd).toBe("2.52125");
  });

  it("imports Usage API pages and generic CSV into the same records", async () => {
    await importFile(fixture("usage_api_page.json"), {}, t.d);
    await importFile(fixture("generic_usage.csv"), { mapping: parseMappingSpec("time=Date,model=Model Name,input=Prompt Tokens,output=Completion Tokens,project=Team") }, t.d);
    const report = monthReportJson(getMonthReport("2026-03", {}, t.d));
    // API: 0.12 + 6.25 (batch gpt-4o); generic: 0.15 + 0.60
    expect(report.totalUsd).toBe("7.12");
  });

  it("adds up: every grouping sums to the total, to the picodollar", async () => {
    await importFile(USAGE, {}, t.d);
    await importFile(fixture("fine_tuning_jobs.json"), {}, t.d);
    await importFile(fixture("usage_api_page.json"), {}, t.d);
    const r = getMonthReport("2026-03", {}, t.d);
    expect(r.byModel.reduce((a, m) => a + m.costPico, 0n)).toBe(r.costPico);
    expect(r.byProject.reduce((a, m) => a + m.costPico, 0n)).toBe(r.costPico);
    expect(r.trainingPico + r.inferencePico).toBe(r.costPico);
    const month = getMonthTotals(t.d).find((m) => m.month === "2026-03")!;
    expect(month.costPico).toBe(r.costPico);
    expect(formatUsdExact(r.costPico)).toBe("18.1425"); // 2.7725 + 9.00 + 0.12 + 6.25
  });
});

describe("re-pricing", () => {
  it("re-prices the stored records a changed price affects and reports the change", async () => {
    await importFile(USAGE, {}, t.d);
    await upsertPrice({ match: "gpt-4o", training: "3.00", input: "5.00", output: "20.00", effectiveFrom: "2026-03-01", source: "test" }, t.d);
    const report = await repriceStored(t.d);
    expect(report.changed).toBe(1);
    expect(report.byModel.map((m) => [m.model, m.beforePico && formatUsdExact(m.beforePico), m.afterPico && formatUsdExact(m.afterPico)])).toEqual([["ft:gpt-4o-2024-08-06:acme:writer:G7h8I9", "2.00", "4.00"]]);
    expect(monthReportJson(getMonthReport("2026-03", {}, t.d)).totalUsd).toBe("4.7725");
  });

  it("prices formerly unpriced usage once a price exists, and leaves records before its date alone", async () => {
    await importFile(USAGE, {}, t.d);
    await upsertPrice({ match: "gpt-4o-mini", appliesTo: "base", input: "0.15", output: "0.60", effectiveFrom: "2026-03-02" }, t.d);
    const report = await repriceStored(t.d);
    expect([report.changed, report.newlyPriced]).toEqual([1, 1]);
    const r = monthReportJson(getMonthReport("2026-03", {}, t.d));
    expect(r.unpricedTokens).toBe(0);
    expect(r.totalUsd).toBe("2.7752"); // + 10k × 0.15/1M + 2k × 0.60/1M = 0.0015 + 0.0012
  });

  it("an entry that starts after a record's day does not touch it", async () => {
    await importFile(USAGE, {}, t.d);
    await upsertPrice({ match: "gpt-4o", training: "3.00", input: "5.00", output: "20.00", effectiveFrom: "2026-04-01" }, t.d);
    expect((await repriceStored(t.d)).changed).toBe(0);
  });
});

describe("a price change during an import", () => {
  it("leaves no record priced by the superseded book", async () => {
    const { writeUsageExport } = await import("../scripts/generate-usage");
    const big = path.join(t.dir, "big.csv");
    await writeUsageExport(big, 5_000, 3); // ~850 KB: many read chunks
    let change: Promise<unknown> | undefined;
    await importFile(big, {
      batchSize: 500,
      onProgress: () => { change ??= upsertPrice({ match: "gpt-4o-mini", training: "1.00", input: "0.30", output: "1.20" }, t.d); },
    }, t.d);
    await change;
    expect((await repriceStored(t.d)).changed).toBe(0);
  });
});

describe("database location", () => {
  it("copies of the same file keep the same natural keys (re-import from a new name adds nothing)", async () => {
    await importFile(USAGE, {}, t.d);
    const copy = path.join(t.dir, "renamed.csv");
    copyFileSync(USAGE, copy);
    const r = await importFile(copy, {}, t.d);
    expect(r.imported).toBe(0);
  });
});
