import { db, type Db } from "../db";

/** The models, base models, projects and API keys seen in usage: what a budget or rule can watch. */
export function getScopeOptions(d: Db = db()) {
  const distinct = (column: string) =>
    (d.sqlite.prepare(`SELECT DISTINCT ${column} AS v FROM usage_daily WHERE ${column} <> '' ORDER BY 1`).all() as { v: string }[]).map((r) => r.v);
  return { model: distinct("model"), base_model: distinct("base_model"), project: distinct("project_id"), api_key: distinct("api_key_id") };
}
export type ScopeOptions = ReturnType<typeof getScopeOptions>;
