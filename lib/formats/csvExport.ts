import { formatUsdExact } from "../money";
import type { UsageRecordRow } from "../queries/getUsageRecords";

/**
 * A CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with = + - @, tab or
 * carriage return) is prefixed with an apostrophe, so opening an export never executes its content.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: (string | number | boolean | null | undefined)[]) => cells.map(csvCell).join(",") + "\r\n";

/** The export's columns are OpenAI's usage export's, plus base_model and cost_usd: the file imports back as is. */
export const USAGE_EXPORT_HEADER = [
  "start_time", "end_time", "start_time_iso", "end_time_iso", "model", "base_model", "project_id", "api_key_id", "user_id", "batch",
  "service_tier", "num_model_requests", "input_tokens", "input_cached_tokens", "output_tokens", "cost_usd",
];

const iso = (t: number) => new Date(t * 1000).toISOString().replace(".000Z", "Z");

/** One usage record as an export line; cost is exact (unrounded), empty when the record has no price. */
export function usageCsvLine(r: UsageRecordRow): string {
  return csvLine([
    r.bucketStart, r.bucketEnd, iso(r.bucketStart), iso(r.bucketEnd), r.model, r.baseModel, r.projectId, r.apiKeyId, r.userId, r.batch ? "true" : "false",
    r.serviceTier, r.requests, r.inputTokens, r.cachedTokens, r.outputTokens, r.costPico == null ? "" : formatUsdExact(r.costPico),
  ]);
}
