/**
 * Streaming CSV reader (RFC 4180): UTF-8 BOM, CRLF or LF, quoted fields holding commas, quotes ("")
 * and line breaks, blank lines skipped. Each record carries the physical line it starts on (header =
 * line 1), so a rejected row can be named by the line a user sees in an editor. Memory holds one chunk
 * plus at most one unfinished record.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  raw: string;
}

export interface CsvProgress {
  bytes: number;
}

/** One CSV record's fields (a record holding no unbalanced quote). */
export function splitRecord(text: string): string[] {
  if (text.indexOf('"') === -1) return text.split(",");
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) { value += text.slice(j); j = n; break; }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) { value += '"'; j = q + 2; continue; }
        j = q + 1;
        break;
      }
      // anything between the closing quote and the next comma is kept as written
      const comma = text.indexOf(",", j);
      value += comma === -1 ? text.slice(j) : text.slice(j, comma);
      fields.push(value);
      if (comma === -1) break;
      i = comma + 1;
    } else {
      const comma = text.indexOf(",", i);
      if (comma === -1) { fields.push(text.slice(i)); break; }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
  return fields;
}

/** Yields records in batches (one batch per chunk read) to keep per-record overhead low. */
export async function* readCsv(chunks: AsyncIterable<string | Buffer>, progress?: CsvProgress): AsyncGenerator<CsvRecord[]> {
  let carry = "";
  let carryQuotes = 0; // quotes seen in the unfinished record carried over
  let line = 1; // physical line where `carry` starts
  let first = true;
  const decoder = new TextDecoder("utf-8");
  const flushLine = (text: string, startLine: number, out: CsvRecord[]) => {
    const raw = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (raw.length === 0) return; // blank line
    out.push({ line: startLine, fields: splitRecord(raw), raw });
  };
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === "string") text = chunk;
    else { text = decoder.decode(chunk, { stream: true }); if (progress) progress.bytes += chunk.length; }
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const buf = carry + text;
    const out: CsvRecord[] = [];
    let start = 0; // start of the current record in buf
    let quotes = carryQuotes; // quotes seen so far in the current record
    // the next quote at or after the scan position: found once and reused, so scanning stays linear
    let q = buf.indexOf('"', carry.length);
    let nl = buf.indexOf("\n", carry.length);
    while (nl !== -1) {
      while (q !== -1 && q < nl) {
        quotes++;
        q = buf.indexOf('"', q + 1);
      }
      if ((quotes & 1) === 0) {
        const recordText = buf.slice(start, nl);
        flushLine(recordText, line, out);
        line += quotes === 0 ? 1 : 1 + countNewlines(recordText);
        start = nl + 1;
        quotes = 0;
      }
      nl = buf.indexOf("\n", nl + 1);
    }
    while (q !== -1) {
      quotes++;
      q = buf.indexOf('"', q + 1);
    }
    carry = buf.slice(start);
    carryQuotes = quotes;
    if (out.length) yield out;
  }
  carry += decoder.decode();
  if (carry.length) {
    const out: CsvRecord[] = [];
    flushLine(carry, line, out);
    if (out.length) yield out;
  }
}

function countNewlines(s: string): number {
  let c = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) c++;
  return c;
}

/** A header cell normalised for matching: trimmed, lower case. */
export function normaliseHeader(cell: string): string {
  return cell.trim().toLowerCase();
}
