import { parseBool, parseCount, parseTime, SECONDS_PER_DAY } from "./fields";
import { RowError, type UsageRow } from "./types";

/** The fields of a usage record that a CSV column can supply. */
export const USAGE_FIELDS = ["start", "end", "model", "project", "api_key", "user", "batch", "tier", "requests", "input", "cached", "output"] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];
export const REQUIRED_USAGE_FIELDS: UsageField[] = ["start", "model", "input", "output"];

/** Field → header names (first present wins), as a user or a known export names them. */
export type ColumnMapping = Partial<Record<UsageField, string[]>>;

/** OpenAI's completions usage export (completions_usage_<start>_<end>.csv). */
export const OPENAI_USAGE_COLUMNS: ColumnMapping = {
  start: ["start_time", "start_time_iso"],
  end: ["end_time", "end_time_iso"],
  model: ["model"],
  project: ["project_id"],
  api_key: ["api_key_id"],
  user: ["user_id"],
  batch: ["batch"],
  tier: ["service_tier"],
  requests: ["num_model_requests"],
  input: ["input_tokens"],
  cached: ["input_cached_tokens"],
  output: ["output_tokens"],
};

/** Parses "model=Model name,input=Prompt tokens,…" (the CLI's --map and the saved inbox mapping). */
export function parseMappingSpec(spec: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq < 1) throw new Error(`mapping "${part}" is not field=column`);
    const field = part.slice(0, eq).trim().toLowerCase().replace(/-/g, "_") as UsageField;
    if (field === ("time" as UsageField)) { mapping.start = [part.slice(eq + 1).trim()]; continue; }
    if (!USAGE_FIELDS.includes(field)) throw new Error(`mapping field "${field}" is not one of time, ${USAGE_FIELDS.join(", ")}`);
    mapping[field] = [part.slice(eq + 1).trim()];
  }
  const missing = REQUIRED_USAGE_FIELDS.filter((f) => !mapping[f]);
  if (missing.length) throw new Error(`a column mapping needs ${missing.join(", ")} (missing: ${missing.join(", ")})`);
  return mapping;
}

export type ColumnIndex = Partial<Record<UsageField, number[]>>;

/** Resolves a mapping against a header; returns the missing required fields, if any. */
export function indexColumns(header: string[], mapping: ColumnMapping): { index: ColumnIndex; missing: string[] } {
  const position = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const index: ColumnIndex = {};
  const missing: string[] = [];
  for (const field of USAGE_FIELDS) {
    const names = mapping[field];
    if (!names) continue;
    const found = names.map((n) => position.get(n.trim().toLowerCase())).filter((i): i is number => i !== undefined);
    if (found.length) index[field] = found;
    else if (REQUIRED_USAGE_FIELDS.includes(field)) missing.push(names.join(" or "));
  }
  return { index, missing };
}

function pick(fields: string[], idx: number[] | undefined): string | undefined {
  if (!idx) return undefined;
  for (let k = 0; k < idx.length; k++) {
    const v = fields[idx[k]];
    if (v !== undefined && v !== "" && v.trim() !== "") return v;
  }
  return undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Builds the reader of one CSV row into a usage record (a RowError says why a row is refused). */
export function usageReader(index: ColumnIndex, names: ColumnMapping): (fields: string[]) => UsageRow {
  const label = Object.fromEntries(USAGE_FIELDS.map((f) => [f, names[f]?.[0] ?? f])) as Record<UsageField, string>;
  return (fields) => {
    const model = (pick(fields, index.model) ?? "").trim();
    if (!model) throw new RowError(`${label.model} is missing`);
    const startText = pick(fields, index.start);
    const bucketStart = parseTime(startText, label.start);
    const endText = pick(fields, index.end);
    const bucketEnd = endText !== undefined
      ? parseTime(endText, label.end)
      : DATE_ONLY.test((startText ?? "").trim()) ? bucketStart + SECONDS_PER_DAY : bucketStart;
    return checkUsage({
      bucketStart,
      bucketEnd,
      model,
      projectId: (pick(fields, index.project) ?? "").trim(),
      apiKeyId: (pick(fields, index.api_key) ?? "").trim(),
      userId: (pick(fields, index.user) ?? "").trim(),
      batch: parseBool(pick(fields, index.batch), label.batch),
      serviceTier: (pick(fields, index.tier) ?? "").trim(),
      requests: parseCount(pick(fields, index.requests), label.requests, true),
      inputTokens: parseCount(pick(fields, index.input), label.input),
      cachedTokens: parseCount(pick(fields, index.cached), label.cached, true),
      outputTokens: parseCount(pick(fields, index.output), label.output),
    });
  };
}

/** Rules every usage record obeys, whatever its source. */
export function checkUsage(row: UsageRow): UsageRow {
  if (!row.model) throw new RowError("model is missing");
  if (row.cachedTokens > row.inputTokens) {
    throw new RowError(`cached tokens (${row.cachedTokens}) exceed input tokens (${row.inputTokens}); input tokens include cached ones`);
  }
  if (row.bucketEnd < row.bucketStart) throw new RowError("the bucket ends before it starts");
  return row;
}
