import { createHash } from "node:crypto";
import type { Db } from "../db";
import { getSetting, setSetting } from "../db/settings";
import { jsonItems } from "../formats/json";
import { startImportRun } from "./run";
import { importSummary, type ImportResult } from "./importFile";

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
const USAGE_CURSOR = "cursor:openai-usage-completions";
const GROUP_BY = ["model", "project_id", "api_key_id", "user_id", "batch", "service_tier"];

export interface ApiOptions {
  baseUrl?: string;
  adminKey: string;
  /** first attempt's backoff; doubles each retry */
  retryBaseMs?: number;
  maxAttempts?: number;
  now?: Date;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Seconds or an HTTP date, as Retry-After allows; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** GET with retries and exponential backoff on 429, 5xx and network errors, honouring Retry-After. */
export async function getJson(url: string, key: string, opts: { retryBaseMs?: number; maxAttempts?: number } = {}): Promise<unknown> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const base = opts.retryBaseMs ?? 1000;
  let lastError = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let wait = base * 2 ** (attempt - 1);
    try {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, signal: AbortSignal.timeout(30_000) });
      if (res.ok) return await res.json();
      const body = (await res.text()).slice(0, 300);
      lastError = `HTTP ${res.status}: ${body}`;
      if (res.status !== 429 && res.status < 500) throw new Error(`OpenAI API refused ${new URL(url).pathname}: ${lastError}`);
      wait = Math.min(60_000, retryAfterMs(res.headers.get("retry-after")) ?? wait);
    } catch (e) {
      if ((e as Error).message.startsWith("OpenAI API refused")) throw e;
      lastError = (e as Error).message;
    }
    if (attempt < maxAttempts) await sleep(wait);
  }
  throw new Error(`OpenAI API ${new URL(url).pathname} failed after ${maxAttempts} attempts: ${lastError}`);
}

function startOfPreviousMonth(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) / 1000;
}

/** API pulls are recorded like files; their "hash" only has to be unique. */
function pullId(name: string): string {
  return createHash("sha256").update(`${name}\u0000${Date.now()}`).digest("hex");
}

/**
 * Pulls daily completions usage from the saved cursor (first pull: the previous and current calendar
 * month), following next_page until has_more is false. The cursor moves to the start of the newest
 * bucket, so today's partial bucket is pulled again (and updated) next time.
 */
export async function pullUsage(d: Db, opts: ApiOptions): Promise<ImportResult> {
  const base = (opts.baseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/$/, "");
  const saved = getSetting(d, USAGE_CURSOR);
  const start = saved ? Number(saved) : startOfPreviousMonth(opts.now ?? new Date());
  const name = `OpenAI Usage API from ${new Date(start * 1000).toISOString().slice(0, 10)}`;
  const run = await startImportRun(d, { name, sha256: pullId(name), format: "openai-usage-api-json" });
  let page: string | undefined;
  let seen = 0;
  let newest = start;
  try {
    do {
      const params = new URLSearchParams({ start_time: String(start), bucket_width: "1d", limit: "31" });
      for (const g of GROUP_BY) params.append("group_by", g);
      if (page) params.set("page", page);
      const doc = (await getJson(`${base}/organization/usage/completions?${params}`, opts.adminKey, opts)) as { data?: { start_time?: number }[]; has_more?: boolean; next_page?: string | null };
      const items = jsonItems(doc, "openai-usage-api-json");
      seen += items.length;
      run.commit(items, seen);
      for (const b of doc.data ?? []) if (typeof b.start_time === "number" && b.start_time > newest) newest = b.start_time;
      page = doc.has_more && doc.next_page ? doc.next_page : undefined;
    } while (page);
  } catch (e) {
    await run.finish((e as Error).message);
    throw e;
  }
  setSetting(d, USAGE_CURSOR, String(newest));
  await run.finish();
  return importSummary(run.id, d);
}

/** Pulls the fine-tuning jobs list (a project key), following `after` while has_more. */
export async function pullFineTuningJobs(d: Db, opts: Omit<ApiOptions, "adminKey"> & { projectKey: string }): Promise<ImportResult> {
  const base = (opts.baseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/$/, "");
  const name = "OpenAI fine-tuning jobs";
  const run = await startImportRun(d, { name, sha256: pullId(name), format: "openai-fine-tuning-jobs-json" });
  let after: string | undefined;
  let seen = 0;
  try {
    for (;;) {
      const params = new URLSearchParams({ limit: "100" });
      if (after) params.set("after", after);
      const doc = (await getJson(`${base}/fine_tuning/jobs?${params}`, opts.projectKey, opts)) as { data?: { id?: string }[]; has_more?: boolean };
      const items = jsonItems({ object: "list", ...doc }, "openai-fine-tuning-jobs-json");
      seen += items.length;
      run.commit(items, seen);
      const last = doc.data?.at(-1)?.id;
      if (!doc.has_more || !last) break;
      after = last;
    }
  } catch (e) {
    await run.finish((e as Error).message);
    throw e;
  }
  await run.finish();
  return importSummary(run.id, d);
}
