import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../lib/db";
import { startScheduler } from "../jobs/scheduler";
import { fixture } from "./support";

const dir = mkdtempSync(path.join(tmpdir(), "tokentally-cron-"));
afterAll(async () => {
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe("the scheduled ingest", () => {
  it("refuses an invalid schedule", () => {
    expect(() => startScheduler({ TOKENTALLY_INGEST_CRON: "every five minutes" })).toThrow(/not a valid cron expression/);
  });

  it("runs on its node-cron schedule and takes files from the inbox", async () => {
    process.env.DATABASE_URL = `file:${path.join(dir, "cron.db")}`;
    process.env.TOKENTALLY_INBOX = path.join(dir, "inbox");
    process.env.TOKENTALLY_INBOX_SETTLE_SECONDS = "0";
    mkdirSync(process.env.TOKENTALLY_INBOX);
    copyFileSync(fixture("fine_tuning_jobs.json"), path.join(process.env.TOKENTALLY_INBOX, "jobs.json"));
    const task = startScheduler({ TOKENTALLY_INGEST_CRON: "* * * * * *" }); // every second
    try {
      const done = path.join(process.env.TOKENTALLY_INBOX, "done", "jobs.json");
      for (let i = 0; i < 100 && !existsSync(done); i++) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(done)).toBe(true);
    } finally {
      task.destroy();
    }
  });
});
