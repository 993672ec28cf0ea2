import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../lib/formats/csv";
import { openUsageFile, parseMappingSpec, UnreadableFileError, type ParsedItem } from "../lib/formats";
import { fixture } from "./support";

async function records(text: string, chunkSize = 3) {
  const chunks = async function* () { for (let i = 0; i < text.length; i += chunkSize) yield Buffer.from(text.slice(i, i + chunkSize)); };
  const out = [];
  for await (const batch of readCsv(chunks())) out.push(...batch);
  return out.map((r) => [r.line, r.fields]);
}

async function parseAll(file: string, opts = {}) {
  const opened = await openUsageFile(file, opts);
  const items: ParsedItem[] = [];
  for await (const batch of opened.items) items.push(...batch);
  return { format: opened.format, items, rejects: items.filter((i) => i.kind === "reject").map((i) => i.kind === "reject" && [i.line, i.reason]) };
}

const tmp = mkdtempSync(path.join(tmpdir(), "tokentally-formats-"));
const write = (name: string, text: string) => { const f = path.join(tmp, name); writeFileSync(f, text); return f; };

describe("readCsv", () => {
  it.each([
    ["plain LF", "a,b\n1,2\n", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["CRLF and no final newline", "a,b\r\n1,2", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["BOM", "\uFEFFa,b\n1,2\n", [[1, ["a", "b"]], [2, ["1", "2"]]]],
    ["blank lines keep physical numbering", "a,b\n\n1,2\n\r\n3,4\n", [[1, ["a", "b"]], [3, ["1", "2"]], [5, ["3", "4"]]]],
    ["quoted comma and quote", 'a,b\n"x, y","say ""hi"""\n', [[1, ["a", "b"]], [2, ["x, y", 'say "hi"']]]],
    ["quoted line break", 'a,b\n"one\ntwo",2\n3,4\n', [[1, ["a", "b"]], [2, ["one\ntwo", "2"]], [4, ["3", "4"]]]],
    ["empty fields", "a,b,c\n,,\n", [[1, ["a", "b", "c"]], [2, ["", "", ""]]]],
  ])("%s", async (_name, text, expected) => {
    expect(await records(text)).toEqual(expected);
    expect(await records(text, 1)).toEqual(expected); // chunk boundaries anywhere
    expect(await records(text, 1 << 16)).toEqual(expected);
  });

  it("decodes UTF-8 split across chunks", async () => {
    const bytes = Buffer.from("model\nmodèle—ü\n");
    const chunks = async function* () { for (const b of bytes) yield Buffer.from([b]); };
    const out = [];
    for await (const batch of readCsv(chunks())) out.push(...batch);
    expect(out[1].fields).toEqual(["modèle—ü"]);
  });
});

describe("OpenAI completions usage export", () => {
  it("imports good rows and rejects each bad row with its physical line and reason", async () => {
    const { format, items, rejects } = await parseAll(fixture("completions_usage_2026-03-01_2026-03-03.csv"));
    expect(format).toBe("openai-usage-csv");
    expect(items.filter((i) => i.kind === "usage").map((i) => i.line)).toEqual([2, 3, 4, 6, 12]);
    expect(rejects).toEqual([
      [7, 'input_tokens "12x" is not a whole number'],
      [8, 'output_tokens "-5" is negative'],
      [9, "model is missing"],
      [10, 'start_time "yesterday" is not a time (unix seconds or ISO 8601)'],
      [11, "cached tokens (2000) exceed input tokens (1000); input tokens include cached ones"],
      [14, "row has 13 fields; the header has 16"],
    ]);
  });

  it("reads columns by name in any order, with quoted values", async () => {
    const { items } = await parseAll(fixture("completions_usage_2026-03-01_2026-03-03.csv"));
    const writer = items.find((i) => i.kind === "usage" && i.row.model.startsWith("ft:gpt-4o-2024"));
    expect(writer?.kind === "usage" && writer.row).toMatchObject({ projectId: "proj_writer, EU", userId: 'user "b"', apiKeyId: "key_batch", requests: 10, bucketStart: 1772323200, bucketEnd: 1772409600, batch: false });
    const multi = items.find((i) => i.kind === "usage" && i.line === 12);
    expect(multi?.kind === "usage" && multi.row.projectId).toBe("proj_multi\nline");
  });

  it("accepts ISO times when unix times are absent", async () => {
    const f = write("iso.csv", "start_time_iso,end_time_iso,model,input_tokens,output_tokens\n2026-03-01T00:00:00+00:00,2026-03-02T00:00:00+00:00,ft:gpt-4o-mini-2024-07-18:a::b,10,5\n");
    const { items } = await parseAll(f);
    expect(items[0].kind === "usage" && [items[0].row.bucketStart, items[0].row.cachedTokens, items[0].row.requests]).toEqual([1772323200, 0, 0]);
  });
});

describe("other formats", () => {
  it("reads the costs export as billed amounts, rounding to the picodollar", async () => {
    const { format, items, rejects } = await parseAll(fixture("costs_2026-03-01_2026-03-03.csv"));
    expect(format).toBe("openai-costs-csv");
    const billed = items.filter((i) => i.kind === "billed").map((i) => i.kind === "billed" && [i.row.lineItem, i.row.amountPico]);
    expect(billed).toEqual([["ft-gpt-4o-mini-2024-07-18, input", 521_250_000_000n], ["ft-gpt-4o-2024-08-06 output", 2_000_000_000_000n]]);
    expect(rejects).toEqual([[4, 'amount_value "n/a" is not a number']]);
  });

  it("reads Usage API pages (results or result) and names a bad entry by its JSON path", async () => {
    const { format, items, rejects } = await parseAll(fixture("usage_api_page.json"));
    expect(format).toBe("openai-usage-api-json");
    expect(items.filter((i) => i.kind === "usage")).toHaveLength(2);
    expect(rejects).toEqual([[10, 'data[0].results[1]: output_tokens "lots" is not a whole number']]);
  });

  it("reads a fine-tuning jobs list; unsuccessful jobs are kept as such", async () => {
    const { format, items } = await parseAll(fixture("fine_tuning_jobs.json"));
    expect(format).toBe("openai-fine-tuning-jobs-json");
    const jobs = items.map((i) => i.kind === "job" && [i.row.id, i.row.status, i.row.trainedTokens]);
    expect(jobs).toEqual([["ftjob-support", "succeeded", 3_000_000], ["ftjob-writer", "succeeded", 2_000_000], ["ftjob-failed", "failed", null], ["ftjob-cancelled", "cancelled", null]]);
  });

  it("reads a generic CSV through a column mapping", async () => {
    const mapping = parseMappingSpec("time=Date,model=Model Name,input=Prompt Tokens,output=Completion Tokens,project=Team");
    const { format, items, rejects } = await parseAll(fixture("generic_usage.csv"), { mapping });
    expect(format).toBe("generic-csv");
    expect(items[0].kind === "usage" && items[0].row).toMatchObject({ bucketStart: 1772668800, bucketEnd: 1772755200, projectId: "support", inputTokens: 1_000_000 });
    expect(rejects).toEqual([[4, 'Date "not a date" is not a time (unix seconds or ISO 8601)']]);
  });

  it("recognises a header whose cells are quoted", async () => {
    const f = write("quoted.csv", '"start_time","model","input_tokens","output_tokens","note, free text"\n1772323200,ft:gpt-4o-mini-2024-07-18:a::b,10,5,"x, y"\n');
    const { format, items } = await parseAll(f);
    expect(format).toBe("openai-usage-csv");
    expect(items.map((i) => i.kind)).toEqual(["usage"]);
  });

  it("uses a saved mapping whose columns are all present", async () => {
    const { format } = await parseAll(fixture("generic_usage.csv"), { savedMappings: [{ name: "team export", mapping: parseMappingSpec("time=Date,model=Model Name,input=Prompt Tokens,output=Completion Tokens") }] });
    expect(format).toBe("generic-csv");
  });
});

describe("files that cannot be read are refused with a sentence", () => {
  it.each([
    ["empty.csv", "", /The file is empty/],
    ["other.csv", "name,email\nx,y\n", /no start_time, model, input_tokens, output_tokens columns \(found: name, email\)/],
    ["half.csv", "start_time,model,input_tokens\n1,m,2\n", /no output_tokens column/],
    ["broken.json", '{"object": "page", "data": [', /ends before its last value closes/],
    ["other.json", '{"hello": 1}', /neither an OpenAI Usage API page/],
    ["binary.csv", "PK\u0003\u0004\u0000\u0000", /binary/],
  ])("%s", async (name, text, message) => {
    const err = await openUsageFile(write(name, text)).catch((e) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect(err.message).toMatch(message);
  });

  it("refuses a forced format that does not fit the file", async () => {
    await expect(openUsageFile(fixture("generic_usage.csv"), { format: "openai-fine-tuning-jobs-json" })).rejects.toThrow(/not JSON, so it cannot be read as OpenAI fine-tuning jobs list/);
    await expect(openUsageFile(fixture("fine_tuning_jobs.json"), { format: "openai-usage-csv" })).rejects.toThrow(/is JSON, so it cannot be read as OpenAI completions usage export/);
  });

  it("refuses a bad mapping", () => {
    expect(() => parseMappingSpec("model=Model")).toThrow(/needs start, input, output/);
    expect(() => parseMappingSpec("colour=Red,time=a,model=b,input=c,output=d")).toThrow(/not one of/);
  });
});
