import { createReadStream } from "node:fs";
import { parseUsd } from "../money";
import { readCsv, normaliseHeader, type CsvProgress } from "./csv";
import { parseTime } from "./fields";
import { indexColumns, usageReader, type ColumnMapping } from "./usageColumns";
import { RowError, UnreadableFileError, type FormatId, type ParsedItem } from "./types";

/** The parsed items of a CSV file: its first record is the header; every other row an item. */
export async function* csvItems(path: string, format: FormatId, mapping: ColumnMapping | undefined, progress: CsvProgress): AsyncGenerator<ParsedItem[]> {
  let toItem: ((fields: string[]) => ParsedItem) | undefined;
  let width = 0;
  for await (const records of readCsv(createReadStream(path, { highWaterMark: 1 << 16 }), progress)) {
    const out: ParsedItem[] = [];
    for (const rec of records) {
      if (!toItem) {
        width = rec.fields.length;
        toItem = format === "openai-costs-csv" ? costsRow(rec.fields) : usageRow(rec.fields, mapping!);
        continue;
      }
      if (rec.fields.length !== width) {
        out.push({ kind: "reject", line: rec.line, reason: `row has ${rec.fields.length} fields; the header has ${width}`, raw: rec.raw });
        continue;
      }
      try {
        const item = toItem(rec.fields);
        item.line = rec.line;
        out.push(item);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        out.push({ kind: "reject", line: rec.line, reason: e.message, raw: rec.raw });
      }
    }
    if (out.length) yield out;
  }
}

function usageRow(header: string[], mapping: ColumnMapping): (fields: string[]) => ParsedItem {
  const { index, missing } = indexColumns(header, mapping);
  if (missing.length) throw new UnreadableFileError(`The CSV header has no column ${missing.join(", ")} named by the mapping.`);
  const read = usageReader(index, mapping);
  return (fields) => ({ kind: "usage", line: 0, row: read(fields) });
}

function costsRow(header: string[]): (fields: string[]) => ParsedItem {
  const col = new Map(header.map((h, i) => [normaliseHeader(h), i]));
  const get = (fields: string[], ...names: string[]) => {
    for (const n of names) {
      const v = col.has(n) ? fields[col.get(n)!] : undefined;
      if (v !== undefined && v.trim() !== "") return v.trim();
    }
    return "";
  };
  return (fields) => {
    const start = parseTime(get(fields, "start_time", "start_time_iso"), "start_time");
    const endText = get(fields, "end_time", "end_time_iso");
    const amount = get(fields, "amount_value");
    if (amount === "") throw new RowError("amount_value is empty");
    let amountPico: bigint;
    try {
      amountPico = parseUsd(amount, { allowRounding: true });
    } catch {
      throw new RowError(`amount_value "${amount}" is not a number`);
    }
    return {
      kind: "billed",
      line: 0,
      row: {
        bucketStart: start,
        bucketEnd: endText ? parseTime(endText, "end_time") : start,
        lineItem: get(fields, "line_item"),
        projectId: get(fields, "project_id"),
        organizationId: get(fields, "organization_id"),
        currency: (get(fields, "amount_currency") || "usd").toLowerCase(),
        amountPico,
      },
    };
  };
}
