import { usageFilterSchema, type UsageFilter } from "./getUsageRecords";

/**
 * Reads the Usage filters from a query string: missing dates default to this month so far; an
 * invalid value is reported (and the defaults used) rather than silently ignored.
 */
export function parseUsageFilter(params: Record<string, string | string[] | undefined>, today = new Date().toISOString().slice(0, 10)): { filter: UsageFilter; error?: string } {
  const one = (k: string) => (Array.isArray(params[k]) ? params[k]![0] : params[k]) ?? undefined;
  const raw = {
    from: one("from") || `${today.slice(0, 7)}-01`,
    to: one("to") || today,
    model: one("model") ?? "",
    project: one("project") ?? "",
    apiKey: one("apiKey") ?? "",
    batch: one("batch") ?? "",
    page: one("page") ?? "1",
  };
  const parsed = usageFilterSchema.safeParse(raw);
  if (parsed.success) return { filter: parsed.data };
  const fallback = usageFilterSchema.parse({ ...raw, from: `${today.slice(0, 7)}-01`, to: today, batch: "", page: "1" });
  return { filter: fallback, error: parsed.error.issues.map((i) => i.message).join("; ") };
}

export function usageFilterQuery(f: UsageFilter, overrides: Partial<UsageFilter> = {}): string {
  const all = { ...f, ...overrides };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== "" && !(k === "page" && v === 1)) q.set(k, String(v));
  return q.toString();
}
