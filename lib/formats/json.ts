import { parseUsd } from "../money";
import { jsonCount, parseBool, parseTime } from "./fields";
import { checkUsage } from "./usageColumns";
import { trainedTokens } from "../pricing/priceBook";
import { RowError, UnreadableFileError, type FormatId, type ParsedItem } from "./types";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * Which format a JSON list document is, from its first page's "object" and its first data entry, or
 * a sentence saying why it is none.
 */
export function detectJson(pageObject: string | undefined, first: unknown): FormatId {
  if (first === undefined) {
    if (pageObject === "list") return "openai-fine-tuning-jobs-json";
    if (pageObject === "page") return "openai-usage-api-json";
  } else if (isObj(first)) {
    if (first.object === "fine_tuning.job" || "fine_tuned_model" in first || String(first.id ?? "").startsWith("ftjob-")) return "openai-fine-tuning-jobs-json";
    if (first.object === "bucket" || "results" in first || "result" in first) {
      const results = (first.results ?? first.result ?? []) as unknown[];
      return Array.isArray(results) && results.some((r) => isObj(r) && isObj(r.amount)) ? "openai-costs-api-json" : "openai-usage-api-json";
    }
    if (pageObject === "list") {
      throw new UnreadableFileError(`The JSON list holds ${first.object ? `"${String(first.object)}"` : "unnamed"} entries, not fine_tuning.job objects.`);
    }
  }
  throw new UnreadableFileError('The JSON file is neither an OpenAI Usage API page ({"object":"page","data":[…]}) nor a fine-tuning jobs list ({"object":"list","data":[fine_tuning.job…]}).');
}

const str = (v: unknown) => (v == null ? "" : String(v));

/**
 * The items of one data entry (a bucket, or a job). `at` names the entry by its JSON path; `line` and
 * `resultLines` are the physical lines of the entry and of its results, where the entry came from a file.
 */
export function entryItems(format: FormatId, entry: unknown, at: string, line: number | null = null, resultLines: number[] = []): ParsedItem[] {
  const located = (item: ParsedItem, l: number | null) => ((item.line = l), item);
  if (format === "openai-fine-tuning-jobs-json") return [located(attempt(at, entry, () => jobItem(entry)), line)];
  if (!isObj(entry)) return [located(reject(at, "bucket is not an object", entry), line)];
  const results = (entry.results ?? entry.result ?? []) as unknown[];
  return (Array.isArray(results) ? results : []).map((result, r) =>
    located(
      attempt(`${at}.results[${r}]`, result, () => (format === "openai-costs-api-json" ? billedItem(entry, result) : usageItem(entry, result))),
      resultLines[r] ?? line,
    ),
  );
}

/** Items of pages already in memory (an API response): entries are named by their JSON path. */
export function jsonItems(doc: unknown, format: FormatId): ParsedItem[] {
  const pages = (Array.isArray(doc) ? doc : [doc]) as Obj[];
  return pages.flatMap((page, p) => {
    const data = Array.isArray(page?.data) ? (page.data as unknown[]) : [];
    return data.flatMap((entry, i) => entryItems(format, entry, `${pages.length > 1 ? `[${p}].` : ""}data[${i}]`));
  });
}

function reject(at: string, reason: string, raw: unknown): ParsedItem {
  return { kind: "reject", line: null, reason: `${at}: ${reason}`, raw: JSON.stringify(raw) ?? "" };
}

function attempt(at: string, raw: unknown, make: () => ParsedItem): ParsedItem {
  try {
    return make();
  } catch (e) {
    if (e instanceof RowError) return reject(at, e.message, raw);
    throw e;
  }
}

function usageItem(bucket: Obj, result: unknown): ParsedItem {
  if (!isObj(result)) throw new RowError("result is not an object");
  const model = str(result.model).trim();
  if (!model) throw new RowError("model is missing (pull with group_by=model)");
  return {
    kind: "usage",
    line: null,
    row: checkUsage({
      bucketStart: parseTime(bucket.start_time as number, "start_time"),
      bucketEnd: parseTime(bucket.end_time as number, "end_time"),
      model,
      projectId: str(result.project_id),
      apiKeyId: str(result.api_key_id),
      userId: str(result.user_id),
      batch: parseBool(result.batch as boolean, "batch"),
      serviceTier: str(result.service_tier),
      requests: jsonCount(result.num_model_requests, "num_model_requests", true),
      inputTokens: jsonCount(result.input_tokens, "input_tokens"),
      cachedTokens: jsonCount(result.input_cached_tokens, "input_cached_tokens", true),
      outputTokens: jsonCount(result.output_tokens, "output_tokens"),
    }),
  };
}

function billedItem(bucket: Obj, result: unknown): ParsedItem {
  if (!isObj(result) || !isObj(result.amount)) throw new RowError("result has no amount");
  let amountPico: bigint;
  try {
    amountPico = parseUsd(String(result.amount.value), { allowRounding: true });
  } catch {
    throw new RowError(`amount ${JSON.stringify(result.amount.value)} is not a number`);
  }
  return {
    kind: "billed",
    line: null,
    row: {
      bucketStart: parseTime(bucket.start_time as number, "start_time"),
      bucketEnd: parseTime(bucket.end_time as number, "end_time"),
      lineItem: str(result.line_item),
      projectId: str(result.project_id),
      organizationId: str(result.organization_id),
      currency: str(result.amount.currency || "usd").toLowerCase(),
      amountPico,
    },
  };
}

function jobItem(job: unknown): ParsedItem {
  if (!isObj(job)) throw new RowError("job is not an object");
  const id = str(job.id).trim();
  if (!id) throw new RowError("job has no id");
  const model = str(job.model).trim();
  if (!model) throw new RowError("model is missing");
  const status = str(job.status).trim() || "unknown";
  // older jobs carry hyperparameters at the top; newer ones under method.<type> (supervised, dpo, …)
  const method = isObj(job.method) ? job.method : undefined;
  const byMethod = method && isObj(method[String(method.type)]) ? (method[String(method.type)] as Obj).hyperparameters : undefined;
  const hp = isObj(job.hyperparameters) ? job.hyperparameters : isObj(byMethod) ? byMethod : undefined;
  const epochsRaw = hp?.n_epochs;
  const epochs = typeof epochsRaw === "number" || (typeof epochsRaw === "string" && /^\d+$/.test(epochsRaw)) ? jsonCount(epochsRaw, "hyperparameters.n_epochs") : null;
  const reported = job.trained_tokens == null ? null : jsonCount(job.trained_tokens, "trained_tokens");
  // not OpenAI's field: a job list written by hand may give the dataset size instead
  const dataset = job.training_tokens == null ? null : jsonCount(job.training_tokens, "training_tokens");
  const trained = trainedTokens({ trainedTokens: reported, datasetTokens: dataset, epochs });
  const finishedAt = job.finished_at == null ? null : parseTime(job.finished_at as number, "finished_at");
  if (status === "succeeded") {
    if (trained == null) throw new RowError("succeeded job has no trained_tokens (nor training_tokens with n_epochs)");
    if (finishedAt == null) throw new RowError("succeeded job has no finished_at");
  }
  return { kind: "job", line: null, row: { id, model, fineTunedModel: job.fine_tuned_model ? str(job.fine_tuned_model) : null, status, trainedTokens: trained, epochs, finishedAt } };
}
