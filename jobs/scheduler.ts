import cron from "node-cron";
import { runAlerts } from "../lib/alerts";
import { inboxDir } from "../lib/ingest/inbox";
import { runIngestPass } from "../lib/ingest/pass";
import { describeCounts } from "../lib/reports";

export const DEFAULT_INGEST_SCHEDULE = "*/5 * * * *";
export const DEFAULT_ALERTS_SCHEDULE = "*/10 * * * *";

type Task = ReturnType<typeof cron.schedule>;
export interface Scheduler { ingest: Task; alerts: Task; destroy(): void }

function schedule(name: string, expr: string, run: () => Promise<void>): Task {
  if (!cron.validate(expr)) throw new Error(`the ${name} schedule "${expr}" is not a valid cron expression`);
  const task = cron.schedule(expr, async () => {
    try {
      await run();
    } catch (e) {
      console.error(`[${name}] pass failed: ${(e as Error).message}`);
    }
  }, { name, noOverlap: true, timezone: "UTC" });
  task.on("execution:overlap", () => console.log(`[${name}] previous pass still running; skipped`));
  return task;
}

/**
 * Schedules the ingest pass (TOKENTALLY_INGEST_CRON, default every 5 minutes) and the alerts pass
 * (TOKENTALLY_ALERTS_CRON, default every 10 minutes: forecasts and days move with the clock even when
 * no usage arrives; every ingest also evaluates alerts at once). node-cron's noOverlap keeps one process
 * from overlapping itself; the ingest lease and the alerts' unique firings keep two processes apart.
 */
export function startScheduler(env: Record<string, string | undefined> = process.env) {
  const g = globalThis as unknown as { tokentallyScheduler?: Scheduler };
  if (g.tokentallyScheduler) return g.tokentallyScheduler;
  const ingestExpr = env.TOKENTALLY_INGEST_CRON ?? DEFAULT_INGEST_SCHEDULE;
  const alertsExpr = env.TOKENTALLY_ALERTS_CRON ?? DEFAULT_ALERTS_SCHEDULE;
  const ingest = schedule("ingest", ingestExpr, async () => {
    const r = await runIngestPass();
    if (r.skipped) return console.log(`[ingest] skipped: ${r.skipped}`);
    for (const f of r.files) console.log(`[ingest] ${f.file}: ${"error" in f ? `failed (${f.error})` : describeCounts(f)}`);
    if (r.api) console.log(`[ingest] OpenAI API: ${r.api.message}`);
  });
  const alerts = schedule("alerts", alertsExpr, async () => {
    const r = await runAlerts();
    if (r.fired.length || r.sent || r.failed) console.log(`[alerts] ${r.fired.length} fired, ${r.sent} sent, ${r.failed} failed`);
  });
  g.tokentallyScheduler = { ingest, alerts, destroy: () => { ingest.destroy(); alerts.destroy(); delete g.tokentallyScheduler; } };
  console.log(`[jobs] ingest scheduled "${ingestExpr}", alerts "${alertsExpr}" (UTC); inbox ${inboxDir()}`);
  return g.tokentallyScheduler;
}
