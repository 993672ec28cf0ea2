import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { parseModelId } from "../pricing/modelId";

export type Encoding = "o200k_base" | "cl100k_base";

/** The tokenizer of a model family: o200k_base for the gpt-4o generation and later, cl100k_base for gpt-3.5 and gpt-4(-turbo). */
export function encodingFor(model: string): Encoding {
  const family = parseModelId(model).family;
  return /^(gpt-4o|gpt-4\.1|gpt-5|o\d)/.test(family) ? "o200k_base" : "cl100k_base";
}

const COUNTERS: Record<Encoding, (text: string) => number> = { o200k_base: countO200k, cl100k_base: countCl100k };

/**
 * Tokens of one chat example as OpenAI's cookbook counts them for fine-tuning: 3 per message, the tokens
 * of each of its fields (role, content, name, tool calls), 1 more for a name, and 3 to prime the reply.
 */
export function chatExampleTokens(messages: Record<string, unknown>[], encoding: Encoding): number {
  const count = COUNTERS[encoding];
  let n = 3;
  for (const m of messages) {
    n += 3;
    for (const [key, value] of Object.entries(m)) {
      if (key === "weight" || value == null) continue;
      n += count(typeof value === "string" ? value : Array.isArray(value) && key === "content" ? value.map((p) => (p && typeof p === "object" && "text" in p ? String(p.text) : "")).join("") : JSON.stringify(value));
      if (key === "name") n += 1;
    }
  }
  return n;
}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

/** One line of a training file: its tokens, or why it is not a valid example. */
export function readTrainingLine(text: string, encoding: Encoding): { tokens: number; form: "chat" | "prompt-completion" } | { reason: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { reason: "not a JSON object" };
  const o = doc as Record<string, unknown>;
  if ("messages" in o) {
    if (!Array.isArray(o.messages) || o.messages.length === 0) return { reason: '"messages" must be a non-empty array' };
    for (const [i, m] of o.messages.entries()) {
      if (!m || typeof m !== "object") return { reason: `message ${i + 1} is not an object` };
      const role = (m as Record<string, unknown>).role;
      if (typeof role !== "string" || !ROLES.has(role)) return { reason: `message ${i + 1} has no valid role (system, user, assistant, tool)` };
      const content = (m as Record<string, unknown>).content;
      const calls = (m as Record<string, unknown>).tool_calls ?? (m as Record<string, unknown>).function_call;
      if (content == null && !(role === "assistant" && calls)) return { reason: `message ${i + 1} (${role}) has no content` };
      if (content != null && typeof content !== "string" && !Array.isArray(content)) return { reason: `message ${i + 1} (${role}) has content that is not text` };
    }
    if (!o.messages.some((m) => (m as Record<string, unknown>).role === "assistant")) return { reason: "no assistant message: nothing to learn from" };
    return { tokens: chatExampleTokens(o.messages as Record<string, unknown>[], encoding), form: "chat" };
  }
  if ("prompt" in o || "completion" in o) {
    if (typeof o.prompt !== "string" || typeof o.completion !== "string") return { reason: '"prompt" and "completion" must both be text' };
    const count = COUNTERS[encoding];
    return { tokens: count(o.prompt) + count(o.completion), form: "prompt-completion" };
  }
  return { reason: 'neither a chat example ({"messages": [...]}) nor a {"prompt", "completion"} pair' };
}

export interface TrainingFileEstimate {
  encoding: Encoding;
  examples: number;
  tokens: number;
  minTokens: number;
  maxTokens: number;
  forms: { chat: number; "prompt-completion": number };
  invalid: { line: number; reason: string }[];
  /** the first examples' lines and token counts */
  samples: { line: number; tokens: number; preview: string }[];
}

const MAX_INVALID_LISTED = 1000;

/** Counts a JSONL training file read as a stream of chunks; blank lines are skipped. */
export async function estimateTrainingFile(chunks: AsyncIterable<Uint8Array | string>, model: string): Promise<TrainingFileEstimate> {
  const encoding = encodingFor(model);
  const est: TrainingFileEstimate = { encoding, examples: 0, tokens: 0, minTokens: 0, maxTokens: 0, forms: { chat: 0, "prompt-completion": 0 }, invalid: [], samples: [] };
  const decoder = new TextDecoder();
  let rest = "";
  let line = 0;
  const take = (text: string) => {
    line++;
    const t = text.replace(/^\uFEFF/, "").trim();
    if (t === "") return;
    const r = readTrainingLine(t, encoding);
    if ("reason" in r) {
      if (est.invalid.length < MAX_INVALID_LISTED) est.invalid.push({ line, reason: r.reason });
      return;
    }
    est.examples++;
    est.tokens += r.tokens;
    est.forms[r.form]++;
    est.minTokens = est.examples === 1 ? r.tokens : Math.min(est.minTokens, r.tokens);
    est.maxTokens = Math.max(est.maxTokens, r.tokens);
    if (est.samples.length < 3) est.samples.push({ line, tokens: r.tokens, preview: t.slice(0, 160) });
  };
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const lines = text.split("\n");
    rest = lines.pop()!;
    for (const l of lines) take(l);
  }
  rest += decoder.decode();
  if (rest !== "") take(rest);
  return est;
}
