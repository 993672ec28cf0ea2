import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAlerts, settleAlerts } from "../lib/alerts";
import { deliverySettings, dispatchPending, retryDelivery, sendTest, SIGNATURE_HEADER } from "../lib/alerts/deliver";
import { detectAnomaly, reachedLevels } from "../lib/alerts/detect";
import { evaluateAlerts } from "../lib/alerts/evaluate";
import { acknowledgeFirings, countOpenFirings, listFirings } from "../lib/alerts/history";
import { parseRuleInput, saveChannel, saveRule, RuleError, type RuleInput } from "../lib/alerts/rules";
import { setBudget } from "../lib/budget";
import { applyMigrations, MIGRATIONS_DIR } from "../lib/db/migrate";
import { addDays } from "../lib/forecast/projectMonthEnd";
import { importFile } from "../lib/ingest/importFile";
import { startImportRun } from "../lib/ingest/run";
import { parseUsd } from "../lib/money";
import { getMonthReport } from "../lib/queries/getMonthReport";
import { getScopeMonth } from "../lib/queries/getScopeSpend";
import { ALL_USAGE } from "../lib/scope";
import { decodeQuotedPrintable, startSmtpReceiver, startWebhookReceiver } from "./alertPeers";
import { tempDb } from "./support";

let t: ReturnType<typeof tempDb>;
beforeEach(() => { t = tempDb(); });
afterEach(() => t.cleanup());

const usd = (s: string) => parseUsd(s);
const FT = "ft:gpt-4o-2024-08-06:acme:writer:x1"; // input $2.50 per 1M tokens: 4,000 tokens a cent
const fast = (env: Record<string, string> = {}) => deliverySettings({ TOKENTALLY_ALERT_RETRY_BASE_MS: "10", TOKENTALLY_WEBHOOK_TIMEOUT_MS: "500", TOKENTALLY_ALERT_ATTEMPTS: "3", ...env });

let hour = 0;
/** Records spend of `dollars` on `day` (input tokens of the fine-tuned gpt-4o), through the real writer. */
async function spend(day: string, dollars: string, opts: { project?: string; apiKey?: string; model?: string } = {}) {
  const run = await startImportRun(t.d, { name: "test", sha256: `t-${Math.random()}`, format: "openai-usage-csv" });
  const start = Date.parse(`${day}T00:00:00Z`) / 1000 + (hour++ % 24) * 60;
  const tokens = Number((usd(dollars) / 10_000_000_000n) * 4_000n);
  run.commit([{ kind: "usage", line: null, row: {
    bucketStart: start, bucketEnd: start + 60, model: opts.model ?? FT, projectId: opts.project ?? "proj_a", apiKeyId: opts.apiKey ?? "key_a", userId: "",
    batch: false, serviceTier: "", requests: 1, inputTokens: tokens, cachedTokens: 0, outputTokens: 0,
  } }], 1);
}

const rule = (input: Partial<RuleInput>) => saveRule({ name: "Budget watch", scopeKind: "all", kind: "actual", unit: "usd", levels: "100", ...input }, null, t.d);
const at = (iso: string) => ({ now: new Date(iso) });

describe("alert decisions (pure)", () => {
  it("reports every level reached, lowest first, and none below", () => {
    const levels = [100n, 50n, 80n].map((p) => ({ key: `pct:${p}`, label: `${p}%`, thresholdPico: p }));
    expect(reachedLevels(79n, levels).map((l) => l.key)).toEqual(["pct:50"]);
    expect(reachedLevels(80n, levels).map((l) => l.key)).toEqual(["pct:50", "pct:80"]);
    expect(reachedLevels(49n, levels)).toEqual([]);
  });

  it("calls a day anomalous by median and MAD, with a minimum amount that keeps small noise quiet", () => {
    const noisy = [10, 12, 9, 11, 10, 13, 9, 10, 11, 12, 10, 9, 11, 10].map((v) => usd(String(v)));
    const opts = { sensitivityTenths: 35, minAmountPico: usd("5") };
    expect(detectAnomaly(usd("40"), noisy, opts)?.anomalous).toBe(true);
    expect(detectAnomaly(usd("14"), noisy, opts)?.anomalous).toBe(false); // within noise, and under the minimum
    // a spike in the baseline barely moves median and MAD
    const withSpike = [...noisy.slice(0, 13), usd("500")];
    expect(detectAnomaly(usd("40"), withSpike, opts)?.anomalous).toBe(true);
    // a flat baseline (MAD 0): only the minimum amount decides
    const flat = Array(10).fill(usd("10"));
    expect(detectAnomaly(usd("14.99"), flat, opts)?.anomalous).toBe(false);
    expect(detectAnomaly(usd("15"), flat, opts)?.anomalous).toBe(true);
    // too little history: no verdict
    expect(detectAnomaly(usd("1000"), flat.slice(0, 6), opts)).toBeNull();
  });
});

describe("alert rules", () => {
  it("refuse what cannot work, with a sentence", () => {
    const bad: [Partial<RuleInput>, RegExp][] = [
      [{ name: " " }, /name/],
      [{ unit: "percent", levels: "50, 80" }, /no monthly budget/],
      [{ levels: "" }, /at least one amount/],
      [{ levels: "ten" }, /not an amount/],
      [{ levels: "10.001" }, /whole cents/],
      [{ kind: "weekly" }, /not a kind/],
      [{ scopeKind: "project", scopeValue: "" }, /name the project/],
      [{ kind: "anomaly", sensitivity: "0.5" }, /sensitivity/],
      [{ kind: "daily", unit: "percent" }, /USD amounts/],
      [{ quietHours: "soon" }, /quiet period/],
      [{ channelIds: [42] }, /no channel #42/],
    ];
    for (const [input, message] of bad) {
      expect(() => parseRuleInput({ name: "r", scopeKind: "all", kind: "actual", unit: "usd", levels: "100", ...input }, t.d), JSON.stringify(input)).toThrow(message);
    }
    expect(() => parseRuleInput({ name: "r", scopeKind: "all", kind: "actual", levels: "5000" }, t.d)).toThrow(RuleError);
  });

  it("read levels as people type them", () => {
    setBudget(ALL_USAGE, "2000", t.d);
    expect(parseRuleInput({ name: "r", scopeKind: "all", kind: "actual", unit: "percent", levels: "100, 50 80%" }, t.d).levels).toEqual([50n, 80n, 100n]);
    expect(parseRuleInput({ name: "r", scopeKind: "all", kind: "actual", unit: "usd", levels: "$2,500.50, 1000" }, t.d).levels).toEqual([usd("1000"), usd("2500.50")]);
    const a = parseRuleInput({ name: "r", scopeKind: "project", scopeValue: "proj_a", kind: "anomaly" }, t.d);
    expect([a.sensitivityTenths, a.minAmountPico, a.levels]).toEqual([35, usd("10"), []]);
  });
});

describe("evaluation", () => {
  it("fires each level of an actual rule once per month, and again in a new month", async () => {
    setBudget(ALL_USAGE, "100", t.d);
    const r = rule({ kind: "actual", unit: "percent", levels: "50, 80, 100" });
    await spend("2026-03-02", "60");
    expect(evaluateAlerts(t.d, at("2026-03-05T10:00:00Z")).map((f) => f.levelKey)).toEqual(["pct:50"]);
    expect(evaluateAlerts(t.d, at("2026-03-05T10:10:00Z"))).toEqual([]); // evaluated again: nothing new
    await spend("2026-03-04", "25");
    expect(evaluateAlerts(t.d, at("2026-03-05T11:00:00Z")).map((f) => f.levelKey)).toEqual(["pct:80"]);
    const [f] = listFirings(t.d);
    expect([f.ruleId, f.period, f.valuePico, f.thresholdPico, f.levelLabel]).toEqual([r.id, "2026-03", usd("85"), usd("80"), "80% of the $100.00 budget"]);
    // April: the levels cleared with the new month, and fire again when reached again
    await spend("2026-04-01", "55");
    expect(evaluateAlerts(t.d, at("2026-04-01T20:00:00Z")).map((f) => [f.period, f.levelKey])).toEqual([["2026-04", "pct:50"]]);
    expect(listFirings(t.d).length).toBe(3);
  });

  it("fires a forecast rule when the projected month end reaches its level, before the spend does", async () => {
    for (let day = "2026-02-01"; day < "2026-03-16"; day = addDays(day, 1)) await spend(day, "10");
    rule({ kind: "forecast", levels: "250" });
    rule({ name: "actual at 250", kind: "actual", levels: "250" });
    const fired = evaluateAlerts(t.d, at("2026-03-16T09:00:00Z"));
    const m = getScopeMonth(ALL_USAGE, "2026-03", "2026-03-16", t.d);
    expect(m.spentPico).toBe(usd("150"));
    expect(m.forecast!.projectedPico).toBe(usd("310"));
    expect(fired).toHaveLength(1);
    expect(listFirings(t.d)[0]).toMatchObject({ kind: "forecast", period: "2026-03", valuePico: usd("310"), thresholdPico: usd("250") });
  });

  it("fires a daily rule per day over its amount, for the recent days only", async () => {
    await spend("2026-03-01", "500"); // long ago when evaluated: not news
    await spend("2026-03-09", "30");
    await spend("2026-03-10", "61");
    rule({ kind: "daily", levels: "50" });
    const fired = evaluateAlerts(t.d, at("2026-03-11T08:00:00Z"));
    expect(fired.map((f) => f.period)).toEqual(["2026-03-10"]);
  });

  it("fires an anomaly rule on a day far above its baseline, and not on ordinary days", async () => {
    for (let i = 0; i < 30; i++) await spend(addDays("2026-02-01", i), String(10 + (i % 3)));
    await spend("2026-03-03", "95");
    rule({ kind: "anomaly", minAmount: "20" });
    const fired = evaluateAlerts(t.d, at("2026-03-04T06:00:00Z"));
    expect(fired.map((f) => [f.period, f.levelKey])).toEqual([["2026-03-03", "anomaly"]]);
    expect(listFirings(t.d)[0].levelLabel).toMatch(/^far above its usual: over \$31\.00 \(28-day median \$11\.00\)$/);
  });

  it("counts only its scope: a project rule sees its project, a model rule its model and training", async () => {
    await spend("2026-03-02", "70", { project: "proj_a" });
    await spend("2026-03-02", "70", { project: "proj_b" });
    rule({ name: "a", scopeKind: "project", scopeValue: "proj_a", levels: "100" });
    rule({ name: "b", scopeKind: "project", scopeValue: "proj_b", levels: "60" });
    rule({ name: "all", levels: "140" });
    expect(evaluateAlerts(t.d, at("2026-03-03T00:00:00Z")).map((f) => f.ruleId)).toEqual([2, 3]);
    // the scope "all" reads the same month total the overview shows
    expect(getScopeMonth(ALL_USAGE, "2026-03", "2026-03-03", t.d).spentPico).toBe(getMonthReport("2026-03", { today: "2026-03-03" }, t.d).costPico);
  });

  it("fires exactly once when two evaluator processes race", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await spend("2026-03-02", "150");
      const ch = saveChannel({ kind: "webhook", name: "hook", target: receiver.url }, t.d);
      rule({ levels: "50, 100", channelIds: [ch.id] });
      const run = promisify(execFile);
      const start = Date.now() + 1500;
      const args = [path.join(import.meta.dirname, "helpers", "evaluateAlerts.ts"), t.d.url, String(start), "2026-03-03T00:00:00Z"];
      const outs = await Promise.all([1, 2].map(() => run(process.execPath, ["--import", "tsx", ...args], { cwd: path.resolve(import.meta.dirname, "..") })));
      const results = outs.map((o) => JSON.parse(o.stdout.trim().split("\n").pop()!));
      expect(results.reduce((a, r) => a + r.fired, 0)).toBe(2);
      expect(results.reduce((a, r) => a + r.sent, 0)).toBe(2);
      expect(t.d.sqlite.prepare(`SELECT count(*) AS n FROM alert_firing`).get()).toEqual({ n: 2n });
      expect(receiver.received.map((r) => r.json.level).sort()).toEqual(["$100.00", "$50.00"]);
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it("is evaluated after every ingest, and a re-import adds nothing", async () => {
    rule({ levels: "0.01" });
    const file = path.join(t.dir, "today.csv");
    const now = Math.floor(Date.now() / 1000);
    writeFileSync(file, `start_time,end_time,model,project_id,num_model_requests,input_tokens,input_cached_tokens,output_tokens\n${now - 60},${now},${FT},proj_a,1,4000,0,0\n`);
    await importFile(file, {}, t.d);
    expect(listFirings(t.d).map((f) => f.valuePico)).toEqual([usd("0.01")]);
    await importFile(file, {}, t.d);
    await settleAlerts();
    expect(listFirings(t.d)).toHaveLength(1);
    expect(countOpenFirings(t.d)).toBe(1);
    expect(acknowledgeFirings(null, t.d)).toBe(1);
    expect(countOpenFirings(t.d)).toBe(0);
  });
});

describe("delivery", () => {
  it("posts the webhook's JSON with Slack's text and an HMAC-SHA256 signature", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await spend("2026-03-02", "123.45", { project: "proj_a" });
      const ch = saveChannel({ kind: "webhook", name: "Slack", target: receiver.url, secret: "s3cret" }, t.d);
      const r = rule({ name: "Project A", scopeKind: "project", scopeValue: "proj_a", levels: "100", channelIds: [ch.id] });
      const result = await runAlerts(t.d, { now: new Date("2026-03-03T00:00:00Z"), settings: fast({ TOKENTALLY_PUBLIC_URL: "https://tally.example.com" }) });
      expect(result).toMatchObject({ sent: 1, failed: 0 });
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      expect(got.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(`sha256=${createHmac("sha256", "s3cret").update(got.body).digest("hex")}`);
      expect(got.json).toMatchObject({
        rule: { id: r.id, name: "Project A" }, scope: { kind: "project", value: "proj_a" }, kind: "actual", period: "2026-03",
        value: "123.45", threshold: "100.00", currency: "USD", link: `https://tally.example.com/alerts#firing-${result.fired[0].id}`,
      });
      expect(got.json.text).toBe(`Project A: Project proj_a has spent $123.45 in March 2026, reaching $100.00. <https://tally.example.com/alerts#firing-${result.fired[0].id}|Open in Tokentally>`);
      expect(listFirings(t.d)[0].deliveries).toMatchObject([{ status: "sent", attempts: 1, lastError: null }]);
    } finally {
      await receiver.close();
    }
  });

  it("retries with backoff, and records the final failure", async () => {
    const flaky = await startWebhookReceiver((n) => ({ status: n <= 2 ? 503 : 200 }));
    const down = await startWebhookReceiver(() => ({ status: 500 }));
    const refusing = await startWebhookReceiver(() => ({ status: 404 }));
    const silent = await startWebhookReceiver(() => ({ status: 200, hang: true }));
    try {
      await spend("2026-03-02", "10");
      const ids = [flaky, down, refusing, silent].map((r, i) => saveChannel({ kind: "webhook", name: `hook ${i}`, target: r.url }, t.d).id);
      rule({ levels: "1", channelIds: ids });
      const result = await runAlerts(t.d, { now: new Date("2026-03-03T00:00:00Z"), settings: fast() });
      expect(result).toMatchObject({ sent: 1, failed: 3 });
      const byName = Object.fromEntries(listFirings(t.d)[0].deliveries.map((x) => [x.channelName, x]));
      expect(byName["hook 0"]).toMatchObject({ status: "sent", attempts: 3 });
      expect(byName["hook 1"]).toMatchObject({ status: "failed", attempts: 3, lastError: "webhook answered 500 Internal Server Error: not now (gave up after 3 attempts)" });
      expect(byName["hook 2"]).toMatchObject({ status: "failed", attempts: 1, lastError: "webhook answered 404 Not Found: not now" });
      expect(byName["hook 3"]).toMatchObject({ status: "failed", attempts: 3, lastError: "no answer within 500 ms (gave up after 3 attempts)" });
      expect([flaky, down, refusing].map((r) => r.received.length)).toEqual([3, 3, 1]);
      // a retry from the history sends it again, once
      const retried = await retryDelivery(byName["hook 1"].id, t.d, fast({ TOKENTALLY_ALERT_ATTEMPTS: "1" }));
      expect(retried).toEqual({ sent: 0, failed: 1 });
      expect(down.received.length).toBe(4);
    } finally {
      await Promise.all([flaky, down, refusing, silent].map((r) => r.close()));
    }
  });

  it("mails the numbers and the link over SMTP, as plain text and HTML", async () => {
    const smtp = await startSmtpReceiver();
    try {
      await spend("2026-03-02", "250");
      setBudget(ALL_USAGE, "200", t.d);
      const ch = saveChannel({ kind: "email", name: "Team leads", target: "lead@acme.test, cfo@acme.test" }, t.d);
      rule({ name: "Org budget", unit: "percent", levels: "100", channelIds: [ch.id] });
      const result = await runAlerts(t.d, { now: new Date("2026-03-03T00:00:00Z"), settings: fast(smtp.env) });
      expect(result).toMatchObject({ sent: 1, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail.to).toEqual(["lead@acme.test", "cfo@acme.test"]);
      const body = decodeQuotedPrintable(mail.raw);
      expect(body).toContain("Subject: [Tokentally] Org budget: $250.00 reached 100% of the $200.00 budget");
      expect(body).toContain("text/plain");
      expect(body).toContain("text/html");
      expect(body).toContain("Org budget: All usage has spent $250.00 in March 2026, reaching 100% of the $200.00 budget.");
      expect(body).toContain(`/alerts#firing-${result.fired[0].id}`);
    } finally {
      await smtp.close();
    }
  });

  it("records why mail could not go when SMTP is not configured, and sends tests per channel", async () => {
    await spend("2026-03-02", "10");
    const mail = saveChannel({ kind: "email", name: "mail", target: "a@b.test" }, t.d);
    rule({ levels: "1", channelIds: [mail.id] });
    await runAlerts(t.d, { now: new Date("2026-03-03T00:00:00Z"), settings: fast() });
    expect(listFirings(t.d)[0].deliveries[0]).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringMatching(/^email is not configured: set SMTP_HOST/) });

    const smtp = await startSmtpReceiver();
    const receiver = await startWebhookReceiver();
    try {
      const hook = saveChannel({ kind: "webhook", name: "hook", target: receiver.url }, t.d);
      expect(await sendTest(hook.id, t.d, fast())).toEqual({ ok: true });
      expect(receiver.received[0].json).toMatchObject({ event: "test", text: expect.stringContaining("test message") });
      expect(await sendTest(mail.id, t.d, fast(smtp.env))).toEqual({ ok: true });
      expect(smtp.received).toHaveLength(1);
      expect(listFirings(t.d)).toHaveLength(1); // tests are not alerts
    } finally {
      await Promise.all([smtp.close(), receiver.close()]);
    }
  });

  it("holds webhooks and mails inside a rule's quiet period, sending the highest level", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await spend("2026-03-02", "100");
      const ch = saveChannel({ kind: "webhook", name: "hook", target: receiver.url }, t.d);
      rule({ levels: "50, 80", quietHours: "6", channelIds: [ch.id] });
      await runAlerts(t.d, { now: new Date("2026-03-03T00:00:00Z"), settings: fast() });
      const statuses = listFirings(t.d).map((f) => [f.levelKey, f.deliveries[0].status]);
      expect(statuses).toEqual([[`usd:${usd("50")}`, "quiet"], [`usd:${usd("80")}`, "sent"]]);
      expect(receiver.received.map((r) => r.json.level)).toEqual(["$80.00"]);
      // a held delivery can still be sent from the history
      await retryDelivery(listFirings(t.d)[0].deliveries[0].id, t.d, fast());
      expect(receiver.received.map((r) => r.json.level)).toEqual(["$80.00", "$50.00"]);
    } finally {
      await receiver.close();
    }
  });

  it("takes up a delivery left 'sending' by a sender that died", async () => {
    const receiver = await startWebhookReceiver();
    try {
      await spend("2026-03-02", "10");
      const ch = saveChannel({ kind: "webhook", name: "hook", target: receiver.url }, t.d);
      rule({ levels: "1", channelIds: [ch.id] });
      evaluateAlerts(t.d, at("2026-03-03T00:00:00Z"));
      t.d.sqlite.prepare(`UPDATE alert_delivery SET status = 'sending', updated_at = '2026-01-01 00:00:00'`).run();
      expect(await dispatchPending(t.d, fast())).toEqual({ sent: 1, failed: 0 });
      expect(await dispatchPending(t.d, fast())).toEqual({ sent: 0, failed: 0 });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});

describe("the alerts migration", () => {
  it("turns the overview's one monthly budget into the budget of all usage", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tokentally-migrate-"));
    try {
      // a database as the dashboard left it: migrations before alerts, a budget in the settings
      const before = path.join(dir, "migrations");
      for (const name of ["20261124000000_init", "20261124100000_usage_daily_rollup"]) cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
      const sqlite = new Database(path.join(dir, "old.db"));
      applyMigrations(sqlite, before);
      sqlite.prepare(`INSERT INTO setting (key, value) VALUES ('monthly_budget_pico', ?)`).run(String(usd("2500")));
      expect(applyMigrations(sqlite)).toContain("20261125000000_alerts");
      sqlite.defaultSafeIntegers(true);
      expect(sqlite.prepare(`SELECT scope_kind, scope_value, monthly_pico FROM budget`).all()).toEqual([{ scope_kind: "all", scope_value: "", monthly_pico: usd("2500") }]);
      expect(sqlite.prepare(`SELECT count(*) AS n FROM setting WHERE key = 'monthly_budget_pico'`).get()).toEqual({ n: 0n });
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
