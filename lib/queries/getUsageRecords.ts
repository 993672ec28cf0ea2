import { z } from "zod";
import { db, type Db } from "../db";
import type { UsageRow } from "../formats";
import type { Pico } from "../money";
import { num, readMoney, sumRollupMoney } from "./sql";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (name: string) =>
  z.string().refine((d) => DAY.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), `${name} must be a real date (YYYY-MM-DD)`);

/** The Usage page's filters, parsed from its query string (invalid values are refused with a reason). */
export const usageFilterSchema = z.object({
  from: day("from"),
  to: day("to"),
  model: z.string().default(""),
  project: z.string().default(""),
  apiKey: z.string().default(""),
  batch: z.enum(["", "yes", "no"]).default(""),
  page: z.coerce.number().int().min(1).default(1),
}).refine((f) => f.from <= f.to, { message: "the range must not end before it starts", path: ["to"] });

export type UsageFilter = z.infer<typeof usageFilterSchema>;

export const USAGE_PAGE_SIZE = 50;

/** A stored usage record: the row as imported, with what storing it added. */
export interface UsageRecordRow extends UsageRow {
  id: number;
  day: string;
  baseModel: string;
  costPico: Pico | null;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** WHERE clause over usage_record (by bucket_start, which leads the natural-key index) or the rollup (by day). */
function where(f: UsageFilter, table: "record" | "rollup") {
  const clauses = table === "record" ? ["bucket_start >= ?", "bucket_start < ?"] : ["day >= ?", "day <= ?"];
  const args: (string | number)[] = table === "record" ? [dayStart(f.from), dayStart(f.to) + 86_400] : [f.from, f.to];
  if (f.model) { clauses.push("model = ?"); args.push(f.model); }
  if (f.project) { clauses.push("project_id = ?"); args.push(f.project); }
  if (f.apiKey) { clauses.push("api_key_id = ?"); args.push(f.apiKey); }
  if (f.batch) { clauses.push("batch = ?"); args.push(f.batch === "yes" ? 1 : 0); }
  return { sql: clauses.join(" AND "), args };
}

function toRow(r: Record<string, unknown>): UsageRecordRow {
  return {
    id: num(r.id), bucketStart: num(r.bucket_start), bucketEnd: num(r.bucket_end), day: String(r.day), model: String(r.model), baseModel: String(r.base_model),
    projectId: String(r.project_id), apiKeyId: String(r.api_key_id), userId: String(r.user_id), batch: r.batch === 1n, serviceTier: String(r.service_tier),
    requests: num(r.requests), inputTokens: num(r.input_tokens), cachedTokens: num(r.cached_tokens), outputTokens: num(r.output_tokens),
    costPico: r.cost_pico == null ? null : (r.cost_pico as bigint),
  };
}

export interface UsageTotals {
  records: number;
  requests: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  costPico: Pico;
  unpricedRows: number;
}

/** Count and sums of the records a filter selects, from the daily rollup (every filter is one of its keys). */
export function getUsageTotals(f: UsageFilter, d: Db = db()): UsageTotals {
  const w = where(f, "rollup");
  const r = d.sqlite.prepare(
    `SELECT SUM(records) AS records, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(cached_tokens) AS cached_tokens,
       SUM(output_tokens) AS output_tokens, ${sumRollupMoney("cost")}, SUM(unpriced_rows) AS unpriced_rows FROM usage_daily WHERE ${w.sql}`,
  ).get(...w.args) as Record<string, unknown>;
  return {
    records: num(r.records), requests: num(r.requests), inputTokens: num(r.input_tokens), cachedTokens: num(r.cached_tokens),
    outputTokens: num(r.output_tokens), costPico: readMoney(r, "cost"), unpricedRows: num(r.unpriced_rows),
  };
}

const ORDER = "ORDER BY bucket_start DESC, id DESC";

/** One page of records, newest first. */
export function getUsageRecords(f: UsageFilter, d: Db = db()): UsageRecordRow[] {
  const w = where(f, "record");
  return (d.sqlite.prepare(`SELECT * FROM usage_record WHERE ${w.sql} ${ORDER} LIMIT ? OFFSET ?`)
    .all(...w.args, USAGE_PAGE_SIZE, (f.page - 1) * USAGE_PAGE_SIZE) as Record<string, unknown>[]).map(toRow);
}

/** Every record a filter selects, in the page's order, streamed (the CSV export). */
export function* iterateUsageRecords(f: UsageFilter, d: Db = db()): Generator<UsageRecordRow> {
  const w = where(f, "record");
  for (const r of d.sqlite.prepare(`SELECT * FROM usage_record WHERE ${w.sql} ${ORDER}`).iterate(...w.args)) yield toRow(r as Record<string, unknown>);
}

/** The models, projects and API keys seen, for the filter menus. */
export function getUsageDimensions(d: Db = db()) {
  const list = (col: string) => (d.sqlite.prepare(`SELECT DISTINCT ${col} AS v FROM usage_daily ORDER BY 1`).all() as { v: string }[]).map((r) => r.v);
  return { models: list("model"), projects: list("project_id"), apiKeys: list("api_key_id") };
}
