import { execFile, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { saveChannel, saveRule } from "../lib/alerts/rules";
import { startWebhookReceiver } from "./alertPeers";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, tempDb } from "./support";

const root = path.resolve(import.meta.dirname, "..");
let t: ReturnType<typeof tempDb>;
beforeAll(() => { t = tempDb(); });
afterAll(async () => { await t.cleanup(); });

function tally(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
    cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${t.d.file}`, TOKENTALLY_INBOX: path.join(t.dir, "inbox") },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run tally", () => {
  it("import --json reports counts and every rejected line; exit 0 with rejected rows", () => {
    const r = tally("import", fixture("completions_usage_2026-03-01_2026-03-03.csv"), "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ imported: 5, updated: 0, duplicates: 0, rejected: 6 });
    expect(json.errors[0]).toEqual({ line: 7, reason: 'input_tokens "12x" is not a whole number' });
  });

  it("refuses an unrecognised file with a clear message and a non-zero exit", () => {
    const r = tally("import", fixture("litellm_prices.json"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused\. The JSON file is neither an OpenAI Usage API page/);
    expect(tally("import", "/no/such/file.csv").err).toMatch(/No such file/);
  });

  it("report --json gives exact decimal strings, models as reported, and unpriced tokens", () => {
    tally("import", fixture("fine_tuning_jobs.json"));
    const r = JSON.parse(tally("report", "--month", "2026-03", "--json").out);
    expect(r).toMatchObject({ month: "2026-03", totalUsd: "11.7725", trainingUsd: "9.00", inferenceUsd: "2.7725", unpricedTokens: 12_000, projectedUsd: "11.7725" });
    expect(r.byModel[0]).toEqual({ model: "ft:gpt-4o-2024-08-06:acme:writer:G7h8I9", baseModel: "gpt-4o", usd: "8.00", unpricedTokens: 0 });
    expect(r.byProject.map((p: { project: string }) => p.project)).toContain("proj_writer, EU");
    expect(tally("report", "--month", "March").err).toMatch(/--month must be YYYY-MM/);
  });

  it("plan --json reproduces the planner", () => {
    const r = tally("plan", "--model", "gpt-4o-mini", "--training-tokens", "500000", "--epochs", "3", "--monthly-input", "2000000", "--monthly-output", "1000000", "--retry-buffer", "5", "--json");
    expect(JSON.parse(r.out)).toMatchObject({ trainingUsd: "1.50", monthlyUsd: "0.945", firstYearUsd: "12.84" });
    expect(tally("plan", "--model", "gpt-4o-mini").err).toMatch(/--training-tokens is required/);
  });

  it("prices set re-prices stored records and says what changed", () => {
    const r = tally("prices", "set", "--model", "gpt-4o-mini", "--applies-to", "base", "--input", "0.15", "--output", "0.60", "--effective", "2026-01-01", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.reprice).toMatchObject({ changed: 1, newlyPriced: 1 });
    expect(JSON.parse(tally("report", "--month", "2026-03", "--json").out).unpricedTokens).toBe(0);
    expect(tally("prices", "set", "--model", "x", "--input", "abc", "--output", "1").err).toMatch(/input: "abc" is not a decimal amount/);
  });

  it("prices delete removes an entry and re-prices what it priced", () => {
    const list = JSON.parse(tally("prices", "list", "--json").out);
    const base = list.find((p: { match: string; appliesTo: string }) => p.match === "gpt-4o-mini" && p.appliesTo === "base");
    const r = JSON.parse(tally("prices", "delete", String(base.id), "--json").out);
    expect(r.reprice).toMatchObject({ changed: 1, newlyUnpriced: 1 });
    expect(JSON.parse(tally("report", "--month", "2026-03", "--json").out).unpricedTokens).toBe(12_000);
    expect(tally("prices", "delete", "99999").err).toMatch(/no price #99999/);
  });

  it("prices import-litellm adds OpenAI entries", () => {
    const r = JSON.parse(tally("prices", "import-litellm", fixture("litellm_prices.json"), "--effective", "2026-06-01", "--json").out);
    expect([r.imported, r.skipped]).toEqual([2, 2]);
    const list = JSON.parse(tally("prices", "list", "--json").out);
    expect(list.find((p: { match: string; appliesTo: string }) => p.match === "gpt-4o-mini-2024-07-18" && p.appliesTo === "fine-tuned")).toMatchObject({ inputPerM: "0.30", outputPerM: "1.20", cachedInputPerM: "0.15", batchInputPerM: "0.15", effectiveFrom: "2026-06-01" });
  });

  it("imports show lists every rejected row with its line, reason and raw text", () => {
    const list = JSON.parse(tally("imports", "--json").out);
    const first = list.at(-1);
    expect(first).toMatchObject({ fileName: "completions_usage_2026-03-01_2026-03-03.csv", format: "openai-usage-csv", status: "done", rejected: 6 });
    const shown = JSON.parse(tally("imports", "show", String(first.id), "--json").out);
    expect(shown.rejectedRows.map((r: { line: number }) => r.line)).toEqual([7, 8, 9, 10, 11, 14]);
    expect(tally("imports", "show", String(first.id)).out).toMatch(/line 9: model is missing\n {4}proj_support,/);
  });

  it("ingest runs one pass", () => {
    const r = tally("ingest", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ files: [] });
  });

  it("import evaluates alerts and delivers them before it exits; alerts history lists them", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const ch = saveChannel({ kind: "webhook", name: "hook", target: receiver.url }, t.d);
      saveRule({ name: "Any spend", scopeKind: "all", kind: "daily", levels: "0.01", channelIds: [ch.id] }, null, t.d);
      const file = path.join(t.dir, "today.csv");
      const now = Math.floor(Date.now() / 1000);
      writeFileSync(file, `start_time,end_time,model,project_id,num_model_requests,input_tokens,input_cached_tokens,output_tokens\n${now - 60},${now},ft:gpt-4o-2024-08-06:acme:w:1,p,1,4000,0,0\n`);
      const run = promisify(execFile);
      await run(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "import", file], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${t.d.file}` } });
      expect(receiver.received.map((r) => r.json.kind)).toEqual(["daily"]);
      const history = JSON.parse(tally("alerts", "history", "--json").out);
      expect(history[0]).toMatchObject({ ruleName: "Any spend", valueUsd: "0.01", thresholdUsd: "0.01", deliveries: [{ status: "sent", attempts: 1 }] });
      expect(tally("alerts", "--json").out).toContain('"fired": 0');
    } finally {
      await receiver.close();
    }
  });

  it("says how to use it on a wrong command", () => {
    const r = tally("frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
  });
});
