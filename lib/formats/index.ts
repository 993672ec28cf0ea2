import { open, stat } from "node:fs/promises";
import { normaliseHeader, splitRecord, type CsvProgress } from "./csv";
import { csvItems } from "./csvFile";
import { detectJson } from "./json";
import { jsonFileItems, textChunks } from "./jsonFile";
import { JsonEntryScanner, type JsonEntry } from "./jsonStream";
import { indexColumns, OPENAI_USAGE_COLUMNS, type ColumnMapping } from "./usageColumns";
import { FORMAT_NAMES, UnreadableFileError, type FormatId, type ParsedItem } from "./types";

export * from "./types";
export { parseMappingSpec, REQUIRED_USAGE_FIELDS, USAGE_FIELDS, type ColumnMapping } from "./usageColumns";

export interface SavedMapping {
  name: string;
  mapping: ColumnMapping;
}

export interface OpenedFile {
  format: FormatId;
  /** batches of parsed items, in file order */
  items: AsyncIterable<ParsedItem[]>;
  progress: CsvProgress;
  size: number;
}

export interface OpenOptions {
  format?: FormatId;
  mapping?: ColumnMapping;
  savedMappings?: SavedMapping[];
}

/**
 * Recognises a usage file by its content and returns its parsed items as a stream. A file it cannot
 * recognise is refused with an UnreadableFileError whose message says what is missing.
 */
export async function openUsageFile(path: string, opts: OpenOptions = {}): Promise<OpenedFile> {
  const { size } = await stat(path);
  if (size === 0) throw new UnreadableFileError("The file is empty.");
  const head = await readHead(path, 64 * 1024);
  if (head.includes("\u0000")) throw new UnreadableFileError("The file is binary, not CSV or JSON text (is it compressed? unzip it first).");
  const firstChar = head.replace(/^\uFEFF/, "").trimStart()[0];
  const progress: CsvProgress = { bytes: 0 };
  const isJson = firstChar === "{" || firstChar === "[";
  if (opts.format && opts.format.endsWith("-json") !== isJson) {
    throw new UnreadableFileError(`The file is ${isJson ? "JSON" : "not JSON"}, so it cannot be read as ${FORMAT_NAMES[opts.format]}.`);
  }

  if (isJson) {
    // a first pass checks the whole document and finds what its first entry is: a malformed file is
    // refused before anything of it is imported
    let first: JsonEntry | undefined;
    const check = new JsonEntryScanner();
    for await (const text of textChunks(path)) {
      const entries = check.feed(text); // every chunk is scanned; only the first entry is kept
      first ??= entries[0];
    }
    check.end();
    let firstValue: unknown;
    if (first) {
      try {
        firstValue = JSON.parse(first.text);
      } catch (e) {
        throw new UnreadableFileError(`The first entry of the JSON file (line ${first.line}) is not valid JSON: ${(e as Error).message}.`);
      }
    }
    const format = opts.format ?? detectJson(check.firstPageObject, firstValue);
    return { format, size, progress, items: jsonFileItems(path, format, progress) };
  }

  const header = firstLine(head);
  const cells = splitRecord(header).map(normaliseHeader);
  const has = (c: string) => cells.includes(c);
  let format: FormatId | undefined = opts.format;
  let mapping: ColumnMapping | undefined = opts.mapping;
  if (mapping && !format) format = "generic-csv";
  if (!format) {
    if (has("amount_value") && (has("start_time") || has("start_time_iso"))) format = "openai-costs-csv";
    else if (has("model") && has("input_tokens") && has("output_tokens") && (has("start_time") || has("start_time_iso"))) format = "openai-usage-csv";
    else {
      const saved = opts.savedMappings?.find((m) => indexColumns(cells, m.mapping).missing.length === 0);
      if (saved) { format = "generic-csv"; mapping = saved.mapping; }
    }
  }
  if (!format) {
    const usageMissing = ["start_time", "model", "input_tokens", "output_tokens"].filter((c) => !(c === "start_time" ? has(c) || has("start_time_iso") : has(c)));
    throw new UnreadableFileError(
      `Not a recognised usage file: its first line has no ${usageMissing.join(", ")} column${usageMissing.length > 1 ? "s" : ""} ` +
        `(found: ${cells.slice(0, 12).join(", ") || "nothing"}). For another CSV layout give a column mapping, e.g. --map "time=Date,model=Model,input=Prompt tokens,output=Completion tokens".`,
    );
  }
  if (format === "generic-csv" && !mapping) throw new UnreadableFileError("A generic CSV needs a column mapping (--map).");
  if (format === "openai-usage-csv") mapping = OPENAI_USAGE_COLUMNS;
  return { format, size, progress, items: csvItems(path, format, mapping, progress) };
}

async function readHead(path: string, bytes: number): Promise<string> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}

function firstLine(text: string): string {
  const t = text.replace(/^\uFEFF/, "");
  const nl = t.search(/\r?\n/);
  return nl === -1 ? t : t.slice(0, nl);
}


/** The header cells of a CSV file as written (for a column mapper), or null when the file is not CSV text. */
export async function readCsvHeader(path: string): Promise<string[] | null> {
  const head = await readHead(path, 64 * 1024);
  const first = head.replace(/^\uFEFF/, "").trimStart()[0];
  if (head.includes("\u0000") || first === "{" || first === "[" || first === undefined) return null;
  return splitRecord(firstLine(head)).map((c) => c.trim());
}
