import { createHash } from "node:crypto";
import type { Db } from "../db";
import { jsonItems } from "../formats/json";
import type { FormatId } from "../formats";
import { createWriter } from "./writer";
import { loadPriceBook, priceBookVersion, repriceStored } from "../pricing/store";
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

function beginRun(d: Db, name: string, format: FormatId): number {
  const sha = createHash("sha256").update(`${name}\u0000${Date.now()}`).digest("hex");
  return Number((d.sqlite.prepare(`INSERT INTO import_run (file_name, sha256, format, status) VALUES (?, ?, ?, 'running') RETURNING id`).get(name, sha, format) as { id: bigint }).id);
}

function endRun(d: Db, id: number, error?: string) {
  d.sqlite.prepare(`UPDATE import_run SET status = ?, error = ?, finished_at = CURRENT_TIMESTAMP WHERE id = ?`).run(error ? "failed" : "done", error ?? null, id);
}

/**
 * Pulls daily completions usage from the saved cursor (first pull: the previous and current calendar
 * month), following next_page until has_more is false. The cursor moves to the start of the newest
 * bucket, so today's partial bucket is pulled again (and updated) next time.
 */
export async function pullUsage(d: Db, opts: ApiOptions): Promise<ImportResult> {
  const base = (opts.baseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/$/, "");
  const saved = d.sqlite.prepare(`SELECT value FROM setting WHERE key = ?`).get(USAGE_CURSOR) as { value: string } | undefined;
  const start = saved ? Number(saved.value) : startOfPreviousMonth(opts.now ?? new Date());
  const runId = beginRun(d, `OpenAI Usage API from ${new Date(start * 1000).toISOString().slice(0, 10)}`, "openai-usage-api-json");
  const bookVersion = priceBookVersion(d);
  const writer = createWriter(d, runId, await loadPriceBook(d));
  let page: string | undefined;
  let seen = 0;
  let newest = start;
  try {
    do {
      const params = new URLSearchParams({ start_time: String(start), bucket_width: "1d", limit: "31" });
      for (const g of GROUP_BY) params.append("group_by", g);
      if (page) params.set("page", page);
      const doc = (await getJson(`${base}/organization/usage/completions?${params}`, opts.adminKey, opts)) as { data?: { start_time?: number }[]; has_more?: boolean; next_page?: string | null };
      const items = [...jsonItems(doc, "openai-usage-api-json")];
      seen += items.length;
      writer.commit(items, seen);
      for (const b of doc.data ?? []) if (typeof b.start_time === "number" && b.start_time > newest) newest = b.start_time;
      page = doc.has_more && doc.next_page ? doc.next_page : undefined;
    } while (page);
  } catch (e) {
    endRun(d, runId, (e as Error).message);
    throw e;
  }
  d.sqlite.prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP`).run(USAGE_CURSOR, String(newest));
  endRun(d, runId);
  if (priceBookVersion(d) !== bookVersion) await repriceStored(d);
  return importSummary(runId, d);
}

/** Pulls the fine-tuning jobs list (a project key), following `after` while has_more. */
export async function pullFineTuningJobs(d: Db, opts: Omit<ApiOptions, "adminKey"> & { projectKey: string }): Promise<ImportResult> {
  const base = (opts.baseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/$/, "");
  const runId = beginRun(d, "OpenAI fine-tuning jobs", "openai-fine-tuning-jobs-json");
  const bookVersion = priceBookVersion(d);
  const writer = createWriter(d, runId, await loadPriceBook(d));
  let after: string | undefined;
  let seen = 0;
  try {
    for (;;) {
      const params = new URLSearchParams({ limit: "100" });
      if (after) params.set("after", after);
      const doc = (await getJson(`${base}/fine_tuning/jobs?${params}`, opts.projectKey, opts)) as { data?: { id?: string }[]; has_more?: boolean };
      const items = [...jsonItems({ object: "list", ...doc }, "openai-fine-tuning-jobs-json")];
      seen += items.length;
      writer.commit(items, seen);
      const last = doc.data?.at(-1)?.id;
      if (!doc.has_more || !last) break;
      after = last;
    }
  } catch (e) {
    endRun(d, runId, (e as Error).message);
    throw e;
  }
  endRun(d, runId);
  if (priceBookVersion(d) !== bookVersion) await repriceStored(d);
  return importSummary(runId, d);
}
