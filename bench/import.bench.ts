// `npm run bench`: import speed and memory on a deterministic 1M-row usage export, side by side with
// the sqlite3 command-line .import of the same file (a bare table: no parsing rules, pricing or dedup).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { writeUsageExport } from "../scripts/generate-usage";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const out = path.resolve("bench/out");
mkdirSync(out, { recursive: true });
const file = path.join(out, `completions_usage_${ROWS}.csv`);

if (!existsSync(file)) {
  const t = Date.now();
  await writeUsageExport(file, ROWS, 42);
  console.log(`generated ${ROWS.toLocaleString("en-US")} rows (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function sqliteCli(): string | null {
  for (const p of ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]) if (existsSync(p)) return p;
  if (process.getuid?.() === 0) {
    console.log("installing Debian's sqlite3 for the comparison");
    execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=nointeractive apt-get install -y -qq sqlite3"], { stdio: "inherit" });
    return existsSync("/usr/bin/sqlite3") ? "/usr/bin/sqlite3" : null;
  }
  return null;
}

function fresh(name: string) {
  const db = path.join(out, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
  return db;
}

const results: Record<string, unknown> = { rows: ROWS, fileMb: Math.round(statSync(file).size / 1e6) };

const cli = sqliteCli();
if (cli) {
  const db = fresh("sqlite3-cli.db");
  const t = process.hrtime.bigint();
  execFileSync(cli, [db, ".mode csv", `.import ${file} usage`]);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  results.sqlite3Seconds = +s.toFixed(2);
  results.sqlite3RowsPerSecond = Math.round(ROWS / s);
} else {
  console.log("sqlite3 CLI not found (apt-get install sqlite3): reporting Tokentally alone");
}

const runs = [];
for (const label of ["fresh import", "re-import (all duplicates)"]) {
  const db = label === "fresh import" ? fresh("tokentally-bench.db") : path.join(out, "tokentally-bench.db");
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/importWorker.ts", file, `file:${db}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!);
  runs.push({ label, seconds: +m.seconds.toFixed(2), rowsPerSecond: Math.round(ROWS / m.seconds), peakRssMb: Math.round(m.maxRssMb), imported: m.imported, duplicates: m.duplicates });
}
results.tokentally = runs;
{
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/repriceWorker.ts", `file:${path.join(out, "tokentally-bench.db")}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!);
  results.repriceAfterPriceChange = { seconds: +m.seconds.toFixed(2), examined: m.examined, changed: m.changed, peakRssMb: Math.round(m.maxRssMb) };
}
const first = runs[0];
if (results.sqlite3RowsPerSecond) {
  results.ratioToSqlite3 = +(first.rowsPerSecond / (results.sqlite3RowsPerSecond as number)).toFixed(3);
  results.goalRatio = results.ratioToSqlite3 as number >= 1 / 3 ? "met (≥ 1/3)" : "NOT met (< 1/3)";
}
results.goalRss = first.peakRssMb < 300 ? "met (< 300 MB)" : "NOT met (≥ 300 MB)";
console.log(JSON.stringify(results, null, 2));
