import cron from "node-cron";
import { inboxDir } from "../lib/ingest/inbox";
import { runIngestPass } from "../lib/ingest/pass";
import { describeCounts } from "../lib/reports";

export const DEFAULT_INGEST_SCHEDULE = "*/5 * * * *";

/**
 * Schedules the ingest pass (TOKENTALLY_INGEST_CRON, default every 5 minutes). node-cron's noOverlap
 * keeps one process from overlapping itself; the database lease inside runIngestPass keeps two
 * processes apart.
 */
export function startScheduler(env: Record<string, string | undefined> = process.env) {
  const g = globalThis as unknown as { tokentallyScheduler?: ReturnType<typeof cron.schedule> };
  if (g.tokentallyScheduler) return g.tokentallyScheduler;
  const expr = env.TOKENTALLY_INGEST_CRON ?? DEFAULT_INGEST_SCHEDULE;
  if (!cron.validate(expr)) throw new Error(`TOKENTALLY_INGEST_CRON "${expr}" is not a valid cron expression`);
  const task = cron.schedule(
    expr,
    async () => {
      try {
        const r = await runIngestPass();
        if (r.skipped) return console.log(`[ingest] skipped: ${r.skipped}`);
        for (const f of r.files) console.log(`[ingest] ${f.file}: ${"error" in f ? `failed (${f.error})` : describeCounts(f)}`);
        if (r.api) console.log(`[ingest] OpenAI API: ${r.api.message}`);
      } catch (e) {
        console.error(`[ingest] pass failed: ${(e as Error).message}`);
      }
    },
    { name: "ingest", noOverlap: true, timezone: "UTC" },
  );
  task.on("execution:overlap", () => console.log("[ingest] previous pass still running; skipped"));
  g.tokentallyScheduler = task;
  console.log(`[jobs] ingest scheduled "${expr}" (UTC); inbox ${inboxDir()}`);
  return task;
}
