import { UnreadableFileError } from "./types";

/**
 * A streaming reader for OpenAI's list documents: a page `{"object": …, "data": [ … ]}` or an array of
 * such pages. It yields each entry of every `data` array, parsed, with the physical line it starts on
 * (line 1 is the first line of the file), holding in memory no more than one entry at a time.
 */
export interface JsonEntry {
  page: number;
  index: number;
  line: number;
  text: string;
}

const WS = new Set([32, 9, 10, 13]);

export class JsonEntryScanner {
  private buf = "";
  private pos = 0; // next char of buf to scan
  private line = 1;
  private stack: number[] = []; // open containers: 123 "{" or 91 "["
  private inString = false;
  private escape = false;
  private rootDone = false;
  private pageDepth = -1; // depth inside a page object
  private dataDepth = -1; // depth inside the current data array
  private page = -1;
  private index = 0;
  /** the first page's "object" ("page", "list"), wherever it stood in the page */
  firstPageObject: string | undefined;
  // page-level strings (keys and the "object" value)
  private stringStart = -1;
  private pendingKey: string | null = null;
  private currentKey: string | null = null;
  private expectValue = false;
  // the entry being captured
  private captureStart = -1;
  private captureLine = 0;
  private captureDepth = -1;
  private captureScalar = false;

  /** true when the document is an array of pages rather than one page */
  get rootIsArray(): boolean {
    return this.pageDepth === 2;
  }

  feed(text: string): JsonEntry[] {
    this.buf += text;
    const out: JsonEntry[] = [];
    const buf = this.buf;
    for (let i = this.pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.stringStart >= 0) this.pageString(buf.slice(this.stringStart + 1, i));
        }
        continue;
      }
      if (WS.has(c)) continue;
      const depth = this.stack.length;
      if (this.rootDone) throw new UnreadableFileError(`The JSON file has more text after its value, on line ${this.line}.`);
      if (depth === 0 && c !== 123 && c !== 91) throw new UnreadableFileError(`The file is not JSON: line ${this.line} starts with "${String.fromCharCode(c)}".`);
      if (this.captureScalar && depth === this.dataDepth && (c === 44 || c === 93)) this.finishCapture(buf, i, out);
      else if (depth === this.dataDepth && this.captureStart < 0 && c !== 44 && c !== 93) {
        this.captureStart = i;
        this.captureLine = this.line;
        this.captureDepth = depth;
        this.captureScalar = c !== 123 && c !== 91;
      }
      switch (c) {
        case 34: // "
          this.inString = true;
          if (depth === this.pageDepth && this.captureStart < 0) this.stringStart = i;
          break;
        case 58: // :
          if (depth === this.pageDepth) { this.currentKey = this.pendingKey; this.expectValue = true; }
          break;
        case 44: // ,
          if (depth === this.pageDepth) this.expectValue = false;
          break;
        case 123: // {
        case 91: // [
          if (depth === 0) this.pageDepth = c === 123 ? 1 : 2;
          if (depth === this.pageDepth - 1 && c === 123) { this.page++; this.index = 0; }
          if (depth === this.pageDepth && this.expectValue && this.currentKey === "data" && c === 91) this.dataDepth = depth + 1;
          this.stack.push(c);
          break;
        case 125: // }
        case 93: {
          const open = this.stack.pop();
          if (open !== (c === 125 ? 123 : 91)) throw new UnreadableFileError(`The JSON file is malformed: "${String.fromCharCode(c)}" on line ${this.line} closes nothing that is open.`);
          if (depth === this.dataDepth && c === 93) this.dataDepth = -1;
          if (this.stack.length === this.captureDepth && !this.captureScalar && this.captureStart >= 0) this.finishCapture(buf, i + 1, out);
          if (this.stack.length === 0) this.rootDone = true;
          break;
        }
      }
    }
    // keep only what an unfinished entry or page-level string still needs
    const keep = Math.min(...[this.captureStart, this.stringStart, buf.length].filter((x) => x >= 0));
    this.buf = buf.slice(keep);
    this.pos = this.buf.length;
    if (this.captureStart >= 0) this.captureStart -= keep;
    if (this.stringStart >= 0) this.stringStart -= keep;
    return out;
  }

  /** Throws when the document ended before it was complete. */
  end(): void {
    if (this.stack.length > 0 || this.inString) throw new UnreadableFileError("The JSON file ends before its last value closes (is it truncated?).");
    if (!this.rootDone) throw new UnreadableFileError("The file holds no JSON value.");
  }

  private pageString(s: string) {
    this.stringStart = -1;
    if (this.expectValue) {
      if (this.currentKey === "object" && this.page === 0) this.firstPageObject = s;
      this.expectValue = false;
    } else {
      this.pendingKey = s;
    }
  }

  private finishCapture(buf: string, end: number, out: JsonEntry[]) {
    out.push({ page: this.page, index: this.index++, line: this.captureLine, text: buf.slice(this.captureStart, end).trim() });
    this.captureStart = -1;
    this.captureScalar = false;
    this.captureDepth = -1;
  }
}

/** Lines on which the objects nested one array deep in an entry start (a bucket's results). */
export function nestedObjectLines(text: string, firstLine: number): number[] {
  const lines: number[] = [];
  let line = firstLine;
  let depth = 0;
  let inString = false;
  let escape = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (escape) escape = false;
      else if (c === 92) escape = true;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (c === 123 && depth === 2) lines.push(line);
      depth++;
    } else if (c === 125 || c === 93) depth--;
  }
  return lines;
}
