import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../lib/db";
import { runIngestPass } from "../lib/ingest/pass";
import { retryAfterMs } from "../lib/ingest/openaiApi";
import { tryAcquireLease } from "../lib/ingest/lease";
import { saveMapping } from "../lib/ingest/mappings";
import { getMonthReport } from "../lib/queries/getMonthReport";
import { formatUsdExact } from "../lib/money";
import { fixture, tempDb } from "./support";

let t: ReturnType<typeof tempDb>;
let inbox: string;
beforeEach(() => {
  t = tempDb();
  inbox = path.join(t.dir, "inbox");
  mkdirSync(inbox);
  process.env.TOKENTALLY_INBOX = inbox;
  process.env.TOKENTALLY_INBOX_SETTLE_SECONDS = "0";
});
afterEach(async () => {
  delete process.env.TOKENTALLY_INBOX;
  delete process.env.TOKENTALLY_INBOX_SETTLE_SECONDS;
  await t.cleanup();
});

describe("inbox", () => {
  it("imports settled files, moves them to done/, and unreadable ones to failed/ with the reason", async () => {
    copyFileSync(fixture("completions_usage_2026-03-01_2026-03-03.csv"), path.join(inbox, "usage.csv"));
    writeFileSync(path.join(inbox, "notes.txt"), "hello,world\n1,2\n");
    writeFileSync(path.join(inbox, "upload.csv.part"), "start_time,model");
    const r = await runIngestPass(t.d, {});
    expect(r.files.map((f) => [f.file, "error" in f])).toEqual([["notes.txt", true], ["usage.csv", false]]);
    expect(readdirSync(path.join(inbox, "done"))).toEqual(["usage.csv"]);
    expect(readdirSync(path.join(inbox, "failed")).sort()).toEqual(["notes.txt", "notes.txt.error.txt"]);
    expect(readFileSync(path.join(inbox, "failed", "notes.txt.error.txt"), "utf8")).toMatch(/Not a recognised usage file/);
    expect(existsSync(path.join(inbox, "upload.csv.part"))).toBe(true); // still being written
    expect(formatUsdExact(getMonthReport("2026-03", {}, t.d).costPico)).toBe("2.7725");
  });

  it("imports a generic CSV through a mapping saved for the inbox", async () => {
    saveMapping("team export", "time=Date,model=Model Name,input=Prompt Tokens,output=Completion Tokens,project=Team", t.d);
    copyFileSync(fixture("generic_usage.csv"), path.join(inbox, "team.csv"));
    const r = await runIngestPass(t.d, {});
    expect(r.files[0]).toMatchObject({ file: "team.csv", format: "generic-csv", imported: 2, rejected: 1 });
  });

  it("leaves a file that is still being written for the next run", async () => {
    process.env.TOKENTALLY_INBOX_SETTLE_SECONDS = "60";
    copyFileSync(fixture("fine_tuning_jobs.json"), path.join(inbox, "jobs.json"));
    const r = await runIngestPass(t.d, {});
    expect(r.files).toEqual([]);
    expect(existsSync(path.join(inbox, "jobs.json"))).toBe(true);
  });

  it("never runs two passes at once, even from two database connections (two processes)", async () => {
    copyFileSync(fixture("completions_usage_2026-03-01_2026-03-03.csv"), path.join(inbox, "usage.csv"));
    const other = openDb(`file:${t.d.file}`);
    const [a, b] = await Promise.all([runIngestPass(t.d, {}), runIngestPass(other, {})]);
    expect([a.skipped, b.skipped].filter(Boolean)).toHaveLength(1);
    expect([...a.files, ...b.files]).toHaveLength(1);
    await other.prisma.$disconnect();
    other.sqlite.close();
  });

  it("skips a pass in another process while this one holds the lease", () => {
    const held = tryAcquireLease(t.d, "ingest", 60_000)!;
    copyFileSync(fixture("fine_tuning_jobs.json"), path.join(inbox, "jobs.json"));
    const r = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "ingest", "--json"], {
      cwd: path.resolve(import.meta.dirname, ".."), encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${t.d.file}`, TOKENTALLY_INBOX: inbox, TOKENTALLY_INBOX_SETTLE_SECONDS: "0" },
    });
    expect(JSON.parse(r.stdout)).toEqual({ skipped: "another ingest pass is running", files: [] });
    expect(existsSync(path.join(inbox, "jobs.json"))).toBe(true);
    held.release();
  });

  it("lets a lease that expired (a crashed holder) be taken over", () => {
    expect(tryAcquireLease(t.d, "x", -1)).not.toBeNull(); // acquired, already expired
    expect(tryAcquireLease(t.d, "x", 60_000)).not.toBeNull();
    expect(tryAcquireLease(t.d, "x", 60_000)).toBeNull();
  });
});

describe("OpenAI Usage API pull (against a local server serving recorded pages)", () => {
  let server: Server;
  let base: string;
  const requests: { url: URL; auth: string | undefined }[] = [];
  let failNext: number;
  const today = Math.floor(Date.now() / 86_400_000) * 86_400;
  const page = (name: string) => JSON.parse(readFileSync(fixture(name), "utf8"));

  beforeEach(async () => {
    requests.length = 0;
    failNext = 0;
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url!, "http://x");
      requests.push({ url, auth: req.headers.authorization });
      if (failNext > 0) {
        failNext--;
        res.writeHead(failNext % 2 === 0 ? 429 : 503, { "Retry-After": "0", "Content-Type": "application/json" });
        return res.end('{"error":{"message":"slow down"}}');
      }
      res.setHeader("Content-Type", "application/json");
      if (url.pathname === "/v1/organization/usage/completions") {
        if (url.searchParams.get("page") === "page-2") return res.end(JSON.stringify(page("usage_api_page.json")));
        return res.end(JSON.stringify({ object: "page", data: [{ object: "bucket", start_time: today, end_time: today + 86_400, results: [{ object: "organization.usage.completions.result", input_tokens: 1_000_000, output_tokens: 0, input_cached_tokens: 0, num_model_requests: 3, project_id: "proj_support", model: "ft:gpt-4o-mini-2024-07-18:acme:support:A1b2C3", batch: false }] }], has_more: true, next_page: "page-2" }));
      }
      if (url.pathname === "/v1/fine_tuning/jobs") {
        const all = page("fine_tuning_jobs.json").data;
        const after = url.searchParams.get("after");
        return res.end(JSON.stringify(after ? { object: "list", data: all.slice(2), has_more: false } : { object: "list", data: all.slice(0, 2), has_more: true }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterEach(async () => { await new Promise((r) => server.close(r)); });

  const env = () => ({ OPENAI_ADMIN_KEY: "sk-admin-test", OPENAI_PROJECT_KEY: "sk-proj-test", OPENAI_BASE_URL: base, OPENAI_RETRY_BASE_MS: "1" });

  it("follows next_page, retries 429/5xx, groups as asked, and pulls fine-tuning jobs", async () => {
    failNext = 2;
    const r = await runIngestPass(t.d, env());
    expect(r.api?.error).toBeUndefined();
    const usage = requests.filter((q) => q.url.pathname.endsWith("/completions"));
    expect(usage).toHaveLength(4); // 2 failures, page 1, page 2
    expect(usage[0].auth).toBe("Bearer sk-admin-test");
    expect(usage[0].url.searchParams.get("bucket_width")).toBe("1d");
    expect(usage[0].url.searchParams.getAll("group_by")).toEqual(["model", "project_id", "api_key_id", "user_id", "batch", "service_tier"]);
    expect(usage[3].url.searchParams.get("page")).toBe("page-2");
    expect([r.api?.usage?.imported, r.api?.usage?.rejected]).toEqual([3, 1]);
    expect([r.api?.jobs?.imported, r.api?.jobs?.skipped]).toEqual([4, 2]);
    const jobRequests = requests.filter((q) => q.url.pathname.endsWith("/jobs"));
    expect(jobRequests[1].url.searchParams.get("after")).toBe("ftjob-writer");
    // recorded page: 0.12 + 6.25, and 9.00 training; today's bucket: 1M input on mini
    expect(formatUsdExact(getMonthReport("2026-03", {}, t.d).costPico)).toBe("15.37");
    expect(formatUsdExact(getMonthReport(new Date(today * 1000).toISOString().slice(0, 7), {}, t.d).inferencePico)).toBe("0.15");
  });

  it("starts the first pull at the previous calendar month and the next one at the saved cursor", async () => {
    await runIngestPass(t.d, env());
    const first = Number(requests.find((q) => q.url.pathname.endsWith("/completions"))!.url.searchParams.get("start_time"));
    const now = new Date();
    expect(first).toBe(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) / 1000);
    requests.length = 0;
    const again = await runIngestPass(t.d, env());
    // from the newest bucket seen: today's, which is partial and pulled again
    expect(Number(requests[0].url.searchParams.get("start_time"))).toBe(today);
    expect(again.api?.usage?.imported).toBe(0);
  });

  it("records a final failure after its retries, and keeps going next time", async () => {
    failNext = 100;
    const r = await runIngestPass(t.d, env());
    expect(r.api?.error).toMatch(/failed after 5 attempts: HTTP (429|503)/);
    const run = t.d.sqlite.prepare(`SELECT status, error FROM import_run ORDER BY id DESC LIMIT 1`).get() as { status: string; error: string };
    expect(run.status).toBe("failed");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(retryAfterMs(null)).toBeNull();
  });
});
