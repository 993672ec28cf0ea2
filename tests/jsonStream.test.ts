import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openUsageFile, UnreadableFileError, type ParsedItem } from "../lib/formats";
import { JsonEntryScanner, nestedObjectLines } from "../lib/formats/jsonStream";

function scan(text: string, chunk: number) {
  const s = new JsonEntryScanner();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.feed(text.slice(i, i + chunk)));
  s.end();
  return { entries: out.map((e) => [e.page, e.index, e.line, JSON.parse(e.text)]), pageObject: s.firstPageObject, rootIsArray: s.rootIsArray };
}

const tmp = mkdtempSync(path.join(tmpdir(), "tokentally-json-"));
const write = (name: string, text: string) => { const f = path.join(tmp, name); writeFileSync(f, text); return f; };
async function items(file: string) {
  const opened = await openUsageFile(file);
  const all: ParsedItem[] = [];
  for await (const b of opened.items) all.push(...b);
  return { format: opened.format, all };
}

describe("JsonEntryScanner", () => {
  const doc = '{\n  "data": [\n    {"id": "a", "note": "brace } and bracket ] and \\" quote"},\n    {"id": "b"}\n  ],\n  "object": "list",\n  "has_more": false\n}\n';
  it.each([1, 2, 7, 4096])("yields each data entry with its line, in chunks of %i", (chunk) => {
    expect(scan(doc, chunk)).toEqual({
      entries: [[0, 0, 3, { id: "a", note: 'brace } and bracket ] and " quote' }], [0, 1, 4, { id: "b" }]],
      pageObject: "list",
      rootIsArray: false,
    });
  });

  it("reads an array of pages", () => {
    const pages = '[{"object":"page","data":[{"n":1}]},\n{"object":"page","data":[{"n":2},{"n":3}]}]';
    expect(scan(pages, 5).entries).toEqual([[0, 0, 1, { n: 1 }], [1, 0, 2, { n: 2 }], [1, 1, 2, { n: 3 }]]);
  });

  it("ignores arrays that are not the page's data", () => {
    expect(scan('{"other": [{"x": 1}], "data": [{"y": 2}], "meta": {"data": [3]}}', 3).entries).toEqual([[0, 0, 1, { y: 2 }]]);
  });

  it.each([
    ['{"data": [}', /closes nothing/],
    ['{"data": []} {"data": []}', /more text after its value, on line 1/],
    ['{"data": [{"a": 1}', /ends before its last value closes/],
    ["", /holds no JSON value/],
  ])("refuses %s", (text, message) => {
    expect(() => scan(text, 3)).toThrow(message);
  });

  it("finds the lines of a bucket's results", () => {
    expect(nestedObjectLines('{"start_time": 1,\n "results": [\n {"a": "{"},\n {"b": 2}]}', 7)).toEqual([9, 10]);
  });
});

describe("JSON files", () => {
  it("rejects an entry that is not valid JSON with its line, and imports the rest", async () => {
    const f = write("jobs.json", '{"object": "list", "data": [\n{"id": "ftjob-1", "model": "gpt-4o-mini-2024-07-18", "status": "failed"},\n{"id": "ftjob-2", "status": tru},\n{"id": "ftjob-3", "model": "gpt-4o-mini-2024-07-18", "status": "running"}\n]}');
    const { format, all } = await items(f);
    expect(format).toBe("openai-fine-tuning-jobs-json");
    expect(all.map((i) => [i.kind, i.line])).toEqual([["job", 2], ["reject", 3], ["job", 4]]);
  });

  it("reads a document far larger than one read chunk", async () => {
    const jobs = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ object: "fine_tuning.job", id: `ftjob-${i}`, model: "gpt-4o-mini-2024-07-18", fine_tuned_model: `ft:gpt-4o-mini-2024-07-18:acme::${i}`, status: "succeeded", trained_tokens: 1000 + i, hyperparameters: { n_epochs: 3 }, finished_at: 1772400000 + i }));
    const f = write("many.json", `{"object": "list", "data": [\n${jobs.join(",\n")}\n], "has_more": false}`);
    const { all } = await items(f);
    expect(all).toHaveLength(3000);
    expect(all.at(-1)).toMatchObject({ kind: "job", line: 3001 });
  });

  it("keeps every rejected entry of a one-line (minified) document", async () => {
    const { tempDb } = await import("./support");
    const { importFile } = await import("../lib/ingest/importFile");
    const t = tempDb();
    const bad = { object: "fine_tuning.job", model: "gpt-4o-mini-2024-07-18", status: "succeeded" }; // no id
    const f = write("minified.json", JSON.stringify({ object: "list", data: [bad, bad, bad] }));
    const r = await importFile(f, {}, t.d);
    expect(r.errors).toEqual([1, 2, 3].map((_, i) => ({ line: 1, reason: `data[${i}]: job has no id` })));
    await t.cleanup();
  });

  it("refuses a document whose first entry is broken", async () => {
    const err = await openUsageFile(write("bad.json", '{"object": "list", "data": [{"id": x}]}')).catch((e) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect(err.message).toMatch(/first entry of the JSON file \(line 1\) is not valid JSON/);
  });

  it("reads epochs from a newer job's method.supervised.hyperparameters", async () => {
    const job = { object: "fine_tuning.job", id: "ftjob-m", model: "gpt-4o-mini-2024-07-18", fine_tuned_model: "ft:gpt-4o-mini-2024-07-18:a::m", status: "succeeded",
      trained_tokens: null, training_tokens: 1000, method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 4 } } }, finished_at: 1772400000 };
    const { all } = await items(write("method.json", JSON.stringify({ object: "list", data: [job] })));
    expect(all[0].kind === "job" && [all[0].row.epochs, all[0].row.trainedTokens]).toEqual([4, 4000]);
  });

  it("recognises an empty page or list by its object", async () => {
    expect((await items(write("empty-list.json", '{"object": "list", "data": [], "has_more": false}'))).format).toBe("openai-fine-tuning-jobs-json");
    expect((await items(write("empty-page.json", '{"object": "page", "data": []}'))).format).toBe("openai-usage-api-json");
  });

  it("recognises a costs page by its amounts", async () => {
    const f = write("costs.json", JSON.stringify({ object: "page", data: [{ object: "bucket", start_time: 1772323200, end_time: 1772409600, results: [{ object: "organization.costs.result", amount: { value: 0.06, currency: "usd" }, line_item: "ft-gpt-4o-mini, input", project_id: "proj_a" }] }] }));
    const { format, all } = await items(f);
    expect(format).toBe("openai-costs-api-json");
    expect(all[0].kind === "billed" && all[0].row.amountPico).toBe(60_000_000_000n);
  });
});
