import type { Pico } from "../money";

/** One usage bucket, whatever file or API it came from. Times are unix seconds, UTC. */
export interface UsageRow {
  bucketStart: number;
  bucketEnd: number;
  model: string;
  projectId: string;
  apiKeyId: string;
  userId: string;
  batch: boolean;
  serviceTier: string;
  requests: number;
  inputTokens: number; // includes cachedTokens
  cachedTokens: number;
  outputTokens: number;
}

export interface JobRow {
  id: string;
  model: string;
  fineTunedModel: string | null;
  status: string;
  trainedTokens: number | null;
  epochs: number | null;
  finishedAt: number | null;
}

export interface BilledRow {
  bucketStart: number;
  bucketEnd: number;
  lineItem: string;
  projectId: string;
  organizationId: string;
  currency: string;
  amountPico: Pico;
}

/** `line` is the physical line (header = 1) for text files, null where a JSON path names the place. */
export type ParsedItem =
  | { kind: "usage"; line: number | null; row: UsageRow }
  | { kind: "job"; line: number | null; row: JobRow }
  | { kind: "billed"; line: number | null; row: BilledRow }
  | { kind: "reject"; line: number | null; reason: string; raw: string };

export type FormatId = "openai-usage-csv" | "openai-costs-csv" | "openai-usage-api-json" | "openai-costs-api-json" | "openai-fine-tuning-jobs-json" | "generic-csv";

export const FORMAT_NAMES: Record<FormatId, string> = {
  "openai-usage-csv": "OpenAI completions usage export (CSV)",
  "openai-costs-csv": "OpenAI costs export (CSV)",
  "openai-usage-api-json": "OpenAI Usage API pages (JSON)",
  "openai-costs-api-json": "OpenAI Costs API pages (JSON)",
  "openai-fine-tuning-jobs-json": "OpenAI fine-tuning jobs list (JSON)",
  "generic-csv": "CSV with a column mapping",
};

/** Where an import's records came from: a file format, or the generated demo data. */
export type ImportSource = FormatId | "demo";

export const SOURCE_NAMES: Record<ImportSource, string> = { ...FORMAT_NAMES, demo: "Demo data (generated)" };

/** A file that cannot be imported at all; the message is the sentence shown to the user. */
export class UnreadableFileError extends Error {}

/** A row that cannot be imported; the message is the reason kept with the row. */
export class RowError extends Error {}
