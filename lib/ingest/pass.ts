import { db, type Db } from "../db";
import { processInbox, type InboxOutcome } from "./inbox";
import { tryAcquireLease } from "./lease";
import { pullFineTuningJobs, pullUsage } from "./openaiApi";
import type { ImportResult } from "./importFile";

export interface IngestPassResult {
  /** set when another process holds the ingest lease: this pass did nothing */
  skipped?: string;
  files: InboxOutcome[];
  api?: { message: string; usage?: ImportResult; jobs?: ImportResult; error?: string };
}

const LEASE_MS = 30 * 60 * 1000;

/**
 * One scheduled ingest pass: the inbox, then the OpenAI API when keys are configured. Guarded by a
 * database lease so two processes (the server and `npm run jobs`, say) never run it at once.
 */
export async function runIngestPass(d: Db = db(), env: Record<string, string | undefined> = process.env): Promise<IngestPassResult> {
  const lease = tryAcquireLease(d, "ingest", LEASE_MS);
  if (!lease) return { skipped: "another ingest pass is running", files: [] };
  try {
    const files = await processInbox(d, lease.renew);
    const result: IngestPassResult = { files };
    const baseUrl = env.OPENAI_BASE_URL;
    const retryBaseMs = env.OPENAI_RETRY_BASE_MS ? Number(env.OPENAI_RETRY_BASE_MS) : undefined;
    if (env.OPENAI_ADMIN_KEY) {
      result.api = { message: "" };
      try {
        result.api.usage = await pullUsage(d, { baseUrl, adminKey: env.OPENAI_ADMIN_KEY, retryBaseMs });
        const projectKey = env.OPENAI_PROJECT_KEY ?? env.OPENAI_API_KEY;
        if (projectKey) result.api.jobs = await pullFineTuningJobs(d, { baseUrl, projectKey, retryBaseMs });
        const u = result.api.usage;
        result.api.message = `usage ${u.imported} new, ${u.updated} updated, ${u.duplicates} unchanged` + (result.api.jobs ? `; jobs ${result.api.jobs.imported} new, ${result.api.jobs.updated} updated` : "");
      } catch (e) {
        result.api.error = (e as Error).message;
        result.api.message = `failed: ${result.api.error}`;
      }
    }
    return result;
  } finally {
    lease.release();
  }
}
