// `npm run bench` (second part): the overview's server time with 10M usage records in the database.
// Builds (once, reused while bench/out/overview-<rows>.db exists) a database of deterministic usage
// through the real writer, so the daily rollup is kept exactly as for any import, then times
// getOverview (everything the overview page renders) for a full month and for the current one.
import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { openDb } from "../lib/db";
import type { ParsedItem } from "../lib/formats";
import { startImportRun } from "../lib/ingest/run";
import { evaluateAlerts } from "../lib/alerts/evaluate";
import { saveRule } from "../lib/alerts/rules";
import { setBudget } from "../lib/budget";
import { getOverview } from "../lib/queries/getOverview";
import { ALL_USAGE } from "../lib/scope";
import { rng } from "../lib/random";

const ROWS = Number(process.env.BENCH_OVERVIEW_ROWS ?? 10_000_000);
const RUNS = 30;
const file = path.resolve("bench/out", `overview-${ROWS}.db`);
const MODELS = [
  "ft:gpt-4o-mini-2024-07-18:acme:support:A1b2C3", "ft:gpt-4o-mini-2024-07-18:acme:triage:D4e5F6", "ft:gpt-4o-2024-08-06:acme:writer:G7h8I9",
  "ft:gpt-3.5-turbo-0125:acme:legacy:J0k1L2", "gpt-4o-mini-2024-07-18",
];
const PER_HOUR = MODELS.length * 4 * 5 * 10; // models × projects × keys × users: each row its own natural key
const END = Date.parse("2026-11-20T00:00:00Z") / 1000;
const START = END - Math.ceil(ROWS / PER_HOUR) * 3600;

const results: Record<string, unknown> = { rows: ROWS };
if (!existsSync(file)) {
  for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
  const d = openDb(`file:${file}`);
  const run = await startImportRun(d, { name: "overview benchmark", sha256: `bench-${ROWS}`, format: "openai-usage-csv" });
  const random = rng(7);
  const started = process.hrtime.bigint();
  let batch: ParsedItem[] = [];
  for (let i = 0; i < ROWS; i++) {
    const k = i % PER_HOUR;
    const start = START + Math.floor(i / PER_HOUR) * 3600;
    const input = 1000 + Math.floor(random() * 200_000);
    batch.push({
      kind: "usage", line: null,
      row: {
        bucketStart: start, bucketEnd: start + 3600, model: MODELS[k % MODELS.length], projectId: `proj_${(Math.floor(k / MODELS.length) % 4) + 1}`,
        apiKeyId: `key_${(Math.floor(k / (MODELS.length * 4)) % 5) + 1}`, userId: `user_${Math.floor(k / (MODELS.length * 20)) + 1}`,
        batch: random() < 0.1, serviceTier: "default", requests: 1 + Math.floor(random() * 50), inputTokens: input,
        cachedTokens: Math.floor(input * random() * 0.5), outputTokens: 100 + Math.floor(random() * 50_000),
      },
    });
    if (batch.length === 5_000) {
      run.commit(batch, i + 1);
      batch = [];
    }
  }
  if (batch.length) run.commit(batch, ROWS);
  await run.finish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.build = { seconds: +seconds.toFixed(1), rowsPerSecond: Math.round(ROWS / seconds), dbMb: Math.round(statSync(file).size / 1e6), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  d.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  d.sqlite.close();
  await d.prisma.$disconnect();
} else {
  results.build = "reused bench/out database (delete it to rebuild)";
}

const d = openDb(`file:${file}`);
const counts = d.sqlite.prepare(`SELECT (SELECT count(*) FROM usage_record) AS records, (SELECT count(*) FROM usage_daily) AS rollup_rows`).get() as { records: bigint; rollup_rows: bigint };
results.records = Number(counts.records);
results.rollupRows = Number(counts.rollup_rows);

function time(label: string, run: () => unknown, extra: Record<string, unknown> = {}) {
  run(); // warm the page cache and prepared statements
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    run();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const p95 = ms[Math.ceil(RUNS * 0.95) - 1];
  results[label] = { ...extra, medianMs: +ms[Math.floor(RUNS / 2)].toFixed(1), p95Ms: +p95.toFixed(1), maxMs: +ms[RUNS - 1].toFixed(1) };
  if (label.startsWith("overview")) (results[label] as Record<string, unknown>).goal = p95 <= 50 ? "met (p95 ≤ 50 ms)" : "NOT met (p95 > 50 ms)";
}
time("overviewFullMonth", () => getOverview("2026-10", "2026-11-20", d), { month: "2026-10" });
time("overviewCurrentMonth", () => getOverview("2026-11", "2026-11-20", d), { month: "2026-11" });

// what every ingest adds: evaluating one rule of each kind (on all usage, the widest scope) and one
// per project; after the first pass nothing new fires, which is the steady state timed here
const clearAlerts = () => d.sqlite.exec(`DELETE FROM alert_delivery; DELETE FROM alert_firing; DELETE FROM alert_rule; DELETE FROM budget;`);
clearAlerts();
setBudget(ALL_USAGE, "100000", d);
for (const kind of ["actual", "forecast"]) saveRule({ name: kind, scopeKind: "all", kind, unit: "percent", levels: "50, 80, 100" }, null, d);
saveRule({ name: "daily", scopeKind: "all", kind: "daily", levels: "5000" }, null, d);
saveRule({ name: "anomaly", scopeKind: "all", kind: "anomaly" }, null, d);
for (let p = 1; p <= 4; p++) saveRule({ name: `proj_${p}`, scopeKind: "project", scopeValue: `proj_${p}`, kind: "forecast", unit: "usd", levels: "20000" }, null, d);
const now = new Date("2026-11-20T12:00:00Z");
const fired = evaluateAlerts(d, { now }).length;
time("alertsEvaluation", () => evaluateAlerts(d, { now }), { rules: 8, firedOnFirstPass: fired });
clearAlerts();
console.log(JSON.stringify(results, null, 2));
d.sqlite.close();
await d.prisma.$disconnect();
