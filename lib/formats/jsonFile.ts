import { createReadStream } from "node:fs";
import type { CsvProgress } from "./csv";
import { entryItems } from "./json";
import { JsonEntryScanner, nestedObjectLines } from "./jsonStream";
import type { FormatId, ParsedItem } from "./types";

/** The file as text chunks (UTF-8, BOM dropped), counting bytes read into `progress`. */
export async function* textChunks(path: string, progress?: CsvProgress): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    if (progress) progress.bytes += (chunk as Buffer).length;
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    yield text;
  }
  yield decoder.decode();
}

/** The parsed items of a JSON list document, entry by entry, each with its physical line. */
export async function* jsonFileItems(path: string, format: FormatId, progress: CsvProgress): AsyncGenerator<ParsedItem[]> {
  const scanner = new JsonEntryScanner();
  for await (const text of textChunks(path, progress)) {
    const out: ParsedItem[] = [];
    for (const e of scanner.feed(text)) {
      const at = `${scanner.rootIsArray ? `[${e.page}].` : ""}data[${e.index}]`;
      let value: unknown;
      try {
        value = JSON.parse(e.text);
      } catch (err) {
        out.push({ kind: "reject", line: e.line, reason: `${at}: not valid JSON (${(err as Error).message})`, raw: e.text.slice(0, 10_000) });
        continue;
      }
      out.push(...entryItems(format, value, at, e.line, nestedObjectLines(e.text, e.line)));
    }
    if (out.length) yield out;
  }
  scanner.end();
}
