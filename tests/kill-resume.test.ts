import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeUsageExport } from "../scripts/generate-usage";
import { tempDb } from "./support";

const ROWS = 150_000;
const root = path.resolve(import.meta.dirname, "..");

function runImport(dbUrl: string, file: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "import", file, "--json"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, TOKENTALLY_IMPORT_BATCH: "5000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

async function until(check: () => boolean, timeoutMs = 30_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("an import killed part-way", () => {
  let t: ReturnType<typeof tempDb>;
  let file: string;
  let url: string;
  beforeAll(async () => {
    t = tempDb();
    file = path.join(t.dir, "completions_usage_big.csv");
    await writeUsageExport(file, ROWS, 7);
    url = `file:${t.d.file}`;
  });
  afterAll(async () => { await t.cleanup(); });

  it("leaves the database resumable, and running it again stores each record exactly once", async () => {
    const watch = new Database(t.d.file, { readonly: true });
    const rowsDone = () => Number((watch.prepare(`SELECT coalesce(max(rows_done), 0) AS n FROM import_run`).get() as { n: number }).n);
    const records = () => (watch.prepare(`SELECT count(*) AS n FROM usage_record`).get() as { n: number }).n;

    // kill -9 twice, at different points mid-file; each time rows and progress were committed together
    let committed = 0;
    for (const atLeast of [15_000, 60_000]) {
      const run = runImport(url, file);
      await until(() => rowsDone() >= atLeast);
      run.child.kill("SIGKILL");
      expect((await run.done).signal).toBe("SIGKILL");
      expect(rowsDone()).toBeGreaterThan(committed); // the second run resumed, it did not start over
      committed = rowsDone();
      expect(committed).toBeLessThan(ROWS);
      expect(records()).toBe(committed); // no half-written batch
    }

    const second = runImport(url, file);
    const resumed = await second.done;
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.out);
    expect(records()).toBe(ROWS);
    // the resumed run carries on the same import record: its counts cover the whole file once
    expect([result.imported, result.duplicates]).toEqual([ROWS, 0]);
    const distinct = (watch.prepare(`SELECT count(*) AS n FROM (SELECT DISTINCT bucket_start, model, project_id, api_key_id, user_id FROM usage_record)`).get() as { n: number }).n;
    expect(distinct).toBe(ROWS);

    const third = await runImport(url, file).done;
    expect(JSON.parse(third.out)).toMatchObject({ imported: 0, duplicates: ROWS });
    watch.close();
  });
});
