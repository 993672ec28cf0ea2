import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { db, type Db } from "../db";
import { FORMAT_NAMES, openUsageFile, parseMappingSpec, readCsvHeader, UnreadableFileError, USAGE_FIELDS, type FormatId, type ParsedItem } from "../formats";
import { formatUsdExact } from "../money";
import { utcDay } from "../formats/fields";
import { priceTraining, priceUsage } from "../pricing/priceBook";
import { loadPriceBook } from "../pricing/store";
import { importFile, ImportRefusedError, sha256File, type ImportResult } from "./importFile";
import { loadSavedMappings, saveMapping } from "./mappings";

/**
 * Files uploaded on the Import page: stored under data/uploads as they stream in, previewed (format,
 * first rows priced, or the header for a column mapping), then imported by the same importFile as the
 * CLI and the inbox, with progress the page polls.
 */
export const uploadsDir = () => path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.TOKENTALLY_UPLOADS ?? "data/uploads");

const ID = /^[0-9a-f]{16}$/;
/** The fields a column mapping can fill, as the mapper lists them ("time" is the bucket start). */
const MAPPING_FIELDS: readonly string[] = ["time", ...USAGE_FIELDS.filter((f) => f !== "start")];
const PREVIEW_ROWS = 10;

function uploadPath(id: string): { file: string; name: string } | null {
  if (!ID.test(id)) return null;
  const dir = uploadsDir();
  const entry = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${id}__`)) : undefined;
  return entry ? { file: path.join(dir, entry), name: entry.slice(id.length + 2) } : null;
}

/** Streams an upload to disk (never whole in memory); returns its id and how many bytes arrived. */
export async function saveUpload(body: ReadableStream<Uint8Array>, fileName: string): Promise<{ id: string; bytes: number }> {
  const id = randomBytes(8).toString("hex");
  const safe = path.basename(fileName).replace(/[^\w.\- ]+/g, "_").slice(0, 120) || "upload";
  mkdirSync(uploadsDir(), { recursive: true });
  const file = path.join(uploadsDir(), `${id}__${safe}`);
  await pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream), createWriteStream(file));
  return { id, bytes: statSync(file).size };
}

export function discardUpload(id: string): void {
  const up = uploadPath(id);
  if (up) rmSync(up.file, { force: true });
}

export interface PreviewRow {
  line: number | null;
  kind: ParsedItem["kind"];
  day: string;
  what: string; // model or line item
  detail: string; // project / key / status
  tokens: string;
  usd: string | null; // exact; null = unpriced (or a rejected row)
  reason?: string;
}

export type UploadPreview =
  | { id: string; name: string; size: number; status: "ready"; format: FormatId; formatName: string; rows: PreviewRow[]; alreadyImported: number | null; mapping?: string }
  | { id: string; name: string; size: number; status: "needs-mapping"; headers: string[]; message: string; fields: readonly string[]; guess: Record<string, string> }
  | { id: string; name: string; size: number; status: "refused"; message: string };

/** Guesses a mapping from header names: a starting point the user corrects, never applied unseen. */
function guessMapping(headers: string[]): Record<string, string> {
  const rules: [string, RegExp][] = [
    ["time", /^(date|day|time|timestamp|start|period)/i], ["end", /^end/i], ["model", /model/i], ["project", /project/i],
    ["api_key", /key/i], ["user", /user/i], ["batch", /batch/i], ["requests", /request|calls/i],
    ["cached", /cache/i], ["input", /input|prompt/i], ["output", /output|completion/i],
  ];
  const guess: Record<string, string> = {};
  for (const [field, re] of rules) {
    const h = headers.find((x) => re.test(x) && !Object.values(guess).includes(x));
    if (h) guess[field] = h;
  }
  return guess;
}

/** What an upload holds: the detected format and its first rows, priced as they would be stored. */
export async function previewUpload(id: string, mappingSpec?: string, d: Db = db()): Promise<UploadPreview | null> {
  const up = uploadPath(id);
  if (!up) return null;
  const size = statSync(up.file).size;
  const base = { id, name: up.name, size };
  let opened;
  try {
    const mapping = mappingSpec ? parseMappingSpec(mappingSpec) : undefined;
    opened = await openUsageFile(up.file, { mapping, savedMappings: loadSavedMappings(d) });
  } catch (e) {
    // a bad mapping is the user's to fix, like an unrecognised file; anything else is a bug
    if (!(e instanceof UnreadableFileError) && mappingSpec == null) throw e;
    const headers = await readCsvHeader(up.file);
    const message = (e as Error).message;
    if (headers && headers.length > 1) return { ...base, status: "needs-mapping", headers, message, fields: MAPPING_FIELDS, guess: guessMapping(headers) };
    return { ...base, status: "refused", message };
  }
  const book = await loadPriceBook(d);
  const rows: PreviewRow[] = [];
  const iterator = opened.items[Symbol.asyncIterator]();
  try {
    while (rows.length < PREVIEW_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      for (const item of next.value.slice(0, PREVIEW_ROWS - rows.length)) rows.push(previewRow(item, book));
    }
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    return { ...base, status: "refused", message: e.message };
  } finally {
    await iterator.return?.(undefined);
  }
  const sha = await sha256File(up.file);
  const done = d.sqlite.prepare(`SELECT id FROM import_run WHERE sha256 = ? AND status = 'done' ORDER BY id DESC LIMIT 1`).get(sha) as { id: bigint } | undefined;
  return { ...base, status: "ready", format: opened.format, formatName: FORMAT_NAMES[opened.format], rows, alreadyImported: done ? Number(done.id) : null, mapping: mappingSpec };
}

function previewRow(item: ParsedItem, book: Awaited<ReturnType<typeof loadPriceBook>>): PreviewRow {
  switch (item.kind) {
    case "usage": {
      const r = item.row;
      const day = utcDay(r.bucketStart);
      const entry = book.resolve(r.model, day, "usage");
      return { line: item.line, kind: "usage", day, what: r.model, detail: [r.projectId, r.apiKeyId, r.batch ? "batch" : ""].filter(Boolean).join(" · "),
        tokens: `${r.inputTokens.toLocaleString("en-US")} in (${r.cachedTokens.toLocaleString("en-US")} cached) · ${r.outputTokens.toLocaleString("en-US")} out`,
        usd: entry ? formatUsdExact(priceUsage(r, entry)) : null };
    }
    case "job": {
      const j = item.row;
      const day = j.finishedAt != null ? utcDay(j.finishedAt) : "";
      const entry = j.status === "succeeded" && day ? book.resolve(j.model, day, "training") : null;
      const cost = entry && j.trainedTokens != null ? priceTraining(j.trainedTokens, entry) : null;
      return { line: item.line, kind: "job", day, what: j.fineTunedModel ?? j.model, detail: `${j.id} · ${j.status}`, tokens: j.trainedTokens == null ? "" : `${j.trainedTokens.toLocaleString("en-US")} trained`, usd: cost == null ? null : formatUsdExact(cost) };
    }
    case "billed": {
      const b = item.row;
      return { line: item.line, kind: "billed", day: utcDay(b.bucketStart), what: b.lineItem, detail: b.projectId, tokens: "", usd: formatUsdExact(b.amountPico) };
    }
    case "reject":
      return { line: item.line, kind: "reject", day: "", what: item.raw.slice(0, 80), detail: "", tokens: "", usd: null, reason: item.reason };
  }
}

export interface UploadStatus {
  state: "importing" | "done" | "refused" | "failed";
  bytes: number;
  size: number;
  rows: number;
  result?: ImportResult;
  error?: string;
  importId?: number;
}

const g = globalThis as unknown as { tokentallyUploads?: Map<string, UploadStatus> };
const statuses = (g.tokentallyUploads ??= new Map());

/** Starts importing an upload in the background (the page polls uploadStatus); a second start is a no-op. */
export function startUploadImport(id: string, opts: { mapping?: string; saveMappingAs?: string } = {}, d: Db = db()): UploadStatus {
  const up = uploadPath(id);
  if (!up) throw new Error("That upload is gone: upload the file again.");
  const running = statuses.get(id);
  if (running?.state === "importing") return running;
  const mapping = opts.mapping ? parseMappingSpec(opts.mapping) : undefined;
  if (opts.saveMappingAs) {
    if (!opts.mapping) throw new Error("Only a column mapping can be saved.");
    saveMapping(opts.saveMappingAs, opts.mapping, d);
  }
  const status: UploadStatus = { state: "importing", bytes: 0, size: statSync(up.file).size, rows: 0 };
  statuses.set(id, status);
  importFile(up.file, { name: up.name, mapping, onProgress: (p) => Object.assign(status, { bytes: p.bytes, size: p.size, rows: p.rows }) }, d)
    .then((result) => Object.assign(status, { state: "done", result, importId: result.importId, bytes: status.size }))
    .catch((e: Error) => Object.assign(status, e instanceof ImportRefusedError ? { state: "refused", error: e.message, importId: e.importId } : { state: "failed", error: e.message }));
  return status;
}

export function uploadStatus(id: string): UploadStatus | null {
  return statuses.get(id) ?? null;
}
