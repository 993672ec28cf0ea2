import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoItems, loadDemoData } from "../lib/demo";
import { importFile } from "../lib/ingest/importFile";
import { startImportRun } from "../lib/ingest/run";
import { savePrice } from "../lib/pricing/changes";
import { getMonthReport } from "../lib/queries/getMonthReport";
import { getUsageTotals } from "../lib/queries/getUsageRecords";
import { readMoney, sumMoney, sumRollupMoney } from "../lib/queries/sql";
import { fixture, tempDb } from "./support";

let t: ReturnType<typeof tempDb>;
beforeEach(() => { t = tempDb(); });
afterEach(() => t.cleanup());

/** The rollup must equal a fresh GROUP BY over the records, row for row, after any write path. */
function expectRollupMatchesRecords() {
  const fromRecords = t.d.sqlite.prepare(
    `SELECT day, model, project_id, api_key_id, batch, count(*) AS records, SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(cached_tokens) AS cached,
       SUM(output_tokens) AS output, ${sumMoney("cost_pico", "cost")}, SUM(CASE WHEN cost_pico IS NULL THEN 1 ELSE 0 END) AS unpriced
     FROM usage_record GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  ).all() as Record<string, unknown>[];
  const fromRollup = t.d.sqlite.prepare(
    `SELECT day, model, project_id, api_key_id, batch, records, requests, input_tokens AS input, cached_tokens AS cached, output_tokens AS output,
       cost_hi, cost_lo, unpriced_rows AS unpriced FROM usage_daily ORDER BY 1, 2, 3, 4, 5`,
  ).all() as Record<string, unknown>[];
  const norm = (rows: Record<string, unknown>[]) => rows.map(({ cost_hi, cost_lo, ...r }) => ({ ...r, cost: readMoney({ cost_hi, cost_lo }, "cost") }));
  expect(norm(fromRollup)).toEqual(norm(fromRecords));
  expect(fromRollup.length).toBeGreaterThan(0);
}

describe("the daily rollup", () => {
  it("stays equal to the records when one batch inserts a record and then updates it", async () => {
    const run = await startImportRun(t.d, { name: "twice", sha256: "twice", format: "openai-usage-csv" });
    const row = (input: number, model = "ft:gpt-4o-mini-2024-07-18:acme:a:1") => ({ kind: "usage" as const, line: null, row: {
      bucketStart: 1_772_323_200, bucketEnd: 1_772_409_600, model, projectId: "p", apiKeyId: "k", userId: "", batch: false, serviceTier: "",
      requests: 1, inputTokens: input, cachedTokens: 0, outputTokens: 10,
    } });
    run.commit([row(100), row(100, "ft:gpt-4o-2024-08-06:acme:b:2"), row(250), row(250), row(300, "gpt-4o-mini")], 5);
    expectRollupMatchesRecords();
    run.commit([row(400), row(5, "ft:gpt-4o-2024-08-06:acme:b:2")], 7);
    expectRollupMatchesRecords();
  });

  it("stays equal to the records through import, re-import, update, re-price and delete", async () => {
    await importFile(fixture("completions_usage_2026-03-01_2026-03-03.csv"), {}, t.d);
    expectRollupMatchesRecords();
    await importFile(fixture("completions_usage_2026-03-01_2026-03-03.csv"), {}, t.d); // all duplicates
    expectRollupMatchesRecords();
    // an update of a record's values (same natural key, new tokens)
    t.d.sqlite.prepare(`UPDATE usage_record SET input_tokens = input_tokens + 5, cost_pico = cost_pico + 7 WHERE cost_pico IS NOT NULL`).run();
    expectRollupMatchesRecords();
    // a new base-model price prices the unpriced row; a changed price re-prices the rest
    await savePrice({ match: "gpt-4o-mini", appliesTo: "base", input: "0.15", output: "0.60" }, {}, t.d);
    await savePrice({ match: "gpt-4o-mini", input: "0.30", output: "1.20", training: "3.00", effectiveFrom: "2026-03-02" }, {}, t.d);
    expectRollupMatchesRecords();
    t.d.sqlite.prepare(`DELETE FROM usage_record WHERE model LIKE 'ft:gpt-3.5%'`).run();
    expectRollupMatchesRecords();
    expect(t.d.sqlite.prepare(`SELECT count(*) AS n FROM usage_daily WHERE model LIKE 'ft:gpt-3.5%'`).get()).toEqual({ n: 0n });
  });

  it("gives the month report and the usage totals the same money as the records", async () => {
    await loadDemoData("2026-11-24", t.d);
    expectRollupMatchesRecords();
    const raw = t.d.sqlite.prepare(`SELECT ${sumMoney("cost_pico", "cost")} FROM usage_record WHERE day >= '2026-10-01' AND day < '2026-11-01'`).get() as Record<string, unknown>;
    const report = getMonthReport("2026-10", { today: "2026-11-24" }, t.d);
    expect(report.inferencePico).toBe(readMoney(raw, "cost"));
    expect(getUsageTotals({ from: "2026-10-01", to: "2026-10-31", model: "", project: "", apiKey: "", batch: "", page: 1 }, t.d).costPico).toBe(readMoney(raw, "cost"));
    for (const groups of [report.byModel, report.byProject, report.byApiKey]) expect(groups.reduce((a, g) => a + g.costPico, 0n)).toBe(report.costPico);
  });
});

describe("demo data", () => {
  it("is deterministic, covers 90 days with a weekly rhythm and one spike, and loads once", async () => {
    expect(demoItems("2026-11-24")).toEqual(demoItems("2026-11-24"));
    const id1 = await loadDemoData("2026-11-24", t.d);
    const id2 = await loadDemoData("2026-11-24", t.d);
    const counts = t.d.sqlite.prepare(`SELECT id, imported, duplicates FROM import_run WHERE id IN (?, ?) ORDER BY id`).all(id1, id2);
    expect(counts).toEqual([{ id: BigInt(id1), imported: 452n, duplicates: 0n }, { id: BigInt(id2), imported: 0n, duplicates: 452n }]);
    const days = t.d.sqlite.prepare(`SELECT day, ${sumRollupMoney("cost")} FROM usage_daily GROUP BY day ORDER BY day`).all() as Record<string, unknown>[];
    expect(days).toHaveLength(90);
    expect([days[0].day, days[89].day]).toEqual(["2026-08-26", "2026-11-23"]);
    const spend = days.map((d) => Number(readMoney(d, "cost") / 1_000_000_000n));
    const weekend = days.map((d) => [0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay()));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(spend.filter((_, i) => weekend[i]))).toBeLessThan(mean(spend.filter((_, i) => !weekend[i])) * 0.5);
    const spikeDay = spend.indexOf(Math.max(...spend));
    expect(days[spikeDay].day).toBe("2026-11-04");
    expect(t.d.sqlite.prepare(`SELECT count(*) AS n FROM training_job WHERE status = 'succeeded'`).get()).toEqual({ n: 2n });
  });
});
