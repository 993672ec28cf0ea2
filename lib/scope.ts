/**
 * What a budget or an alert rule watches: all usage, one fine-tuned model (its full id), one base
 * model (every fine-tune of it and its own use), one project or one API key.
 */
export const SCOPE_KINDS = ["all", "model", "base_model", "project", "api_key"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface Scope {
  kind: ScopeKind;
  /** "" for all usage */
  value: string;
}

export const ALL_USAGE: Scope = { kind: "all", value: "" };

export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  all: "All usage",
  model: "Fine-tuned model",
  base_model: "Base model",
  project: "Project",
  api_key: "API key",
};

export function scopeLabel(s: Scope): string {
  return s.kind === "all" ? "All usage" : `${SCOPE_KIND_LABELS[s.kind]} ${s.value}`;
}

/** A scope from form or CLI input; throws a sentence saying what is wrong. */
export function parseScope(kind: string, value: string | undefined): Scope {
  if (!(SCOPE_KINDS as readonly string[]).includes(kind)) throw new Error(`"${kind}" is not a scope (one of ${SCOPE_KINDS.join(", ")})`);
  const v = (value ?? "").trim();
  if (kind === "all") return ALL_USAGE;
  if (v === "") throw new Error(`name the ${SCOPE_KIND_LABELS[kind as ScopeKind].toLowerCase()} to watch`);
  return { kind: kind as ScopeKind, value: v };
}

export const scopeKey = (s: Scope) => `${s.kind}:${s.value}`;
