import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { chatExampleTokens, encodingFor, estimateTrainingFile, readTrainingLine } from "../lib/planning/trainingFile";

const lines = (...l: string[]) => Readable.from([l.join("\n")]);

describe("training file tokens", () => {
  it("picks the family's tokenizer", () => {
    expect(["gpt-4o-mini-2024-07-18", "gpt-4o", "ft:gpt-4o-2024-08-06:acme:x:1", "gpt-3.5-turbo-0125", "gpt-4-turbo"].map(encodingFor))
      .toEqual(["o200k_base", "o200k_base", "o200k_base", "cl100k_base", "cl100k_base"]);
  });

  it("counts a chat example as OpenAI's cookbook does: 3 per message, its fields, 3 to prime the reply", () => {
    // "user", "assistant", "hi" are 1 token and "hello world" 2 in both encodings: 3 + (3+1+2) + (3+1+1)
    const m = [{ role: "user", content: "hello world" }, { role: "assistant", content: "hi" }];
    expect(chatExampleTokens(m, "cl100k_base")).toBe(14);
    expect(chatExampleTokens(m, "o200k_base")).toBe(14);
    // a name costs its tokens and 1 more
    expect(chatExampleTokens([{ role: "user", name: "hi", content: "hi" }], "cl100k_base")).toBe(3 + 3 + 1 + 1 + 1 + 1);
  });

  it("uses the real encodings (Japanese is 4 tokens in cl100k_base, 2 in o200k_base)", () => {
    const line = JSON.stringify({ prompt: "こんにちは世界", completion: "The quick brown fox jumps over the lazy dog." });
    expect(readTrainingLine(line, "cl100k_base")).toEqual({ tokens: 14, form: "prompt-completion" });
    expect(readTrainingLine(line, "o200k_base")).toEqual({ tokens: 12, form: "prompt-completion" });
  });

  it("names every invalid line with its reason and counts the rest", async () => {
    const good = JSON.stringify({ messages: [{ role: "user", content: "hello world" }, { role: "assistant", content: "hi" }] });
    const est = await estimateTrainingFile(lines(
      good,
      "{not json",
      JSON.stringify({ messages: [{ role: "user", content: "no answer" }] }),
      "",
      JSON.stringify({ prompt: "hello world", completion: "hi" }),
      JSON.stringify({ text: "what is this" }),
      JSON.stringify({ messages: [{ role: "wizard", content: "x" }, { role: "assistant", content: "y" }] }),
      good,
    ), "gpt-4o-mini");
    expect(est).toMatchObject({ encoding: "o200k_base", examples: 3, tokens: 14 + 3 + 14, minTokens: 3, maxTokens: 14, forms: { chat: 2, "prompt-completion": 1 } });
    expect(est.invalid.map((i) => i.line)).toEqual([2, 3, 6, 7]);
    expect(est.invalid[0].reason).toMatch(/not valid JSON/);
    expect(est.invalid[1].reason).toMatch(/no assistant message/);
    expect(est.invalid[2].reason).toMatch(/neither a chat example/);
    expect(est.invalid[3].reason).toMatch(/message 1 has no valid role/);
  });

  it("keeps line numbers right when a line is split across chunks", async () => {
    const line = JSON.stringify({ prompt: "hello world", completion: "hi" });
    const est = await estimateTrainingFile(Readable.from([line.slice(0, 10), line.slice(10) + "\n{bad", "\n" + line]), "gpt-3.5-turbo");
    expect(est.examples).toBe(2);
    expect(est.invalid).toEqual([{ line: 2, reason: expect.stringMatching(/not valid JSON/) }]);
  });
});
