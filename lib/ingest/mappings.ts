import { db, type Db } from "../db";
import { parseMappingSpec, type SavedMapping } from "../formats";

const PREFIX = "mapping:";

/** Column mappings saved for the inbox: a generic CSV whose header has every mapped column uses it. */
export function loadSavedMappings(d: Db = db()): SavedMapping[] {
  const rows = d.sqlite.prepare(`SELECT key, value FROM setting WHERE key LIKE 'mapping:%' ORDER BY key`).all() as { key: string; value: string }[];
  return rows.map((r) => ({ name: r.key.slice(PREFIX.length), mapping: parseMappingSpec(r.value) }));
}

export function saveMapping(name: string, spec: string, d: Db = db()): void {
  parseMappingSpec(spec); // refuse a bad mapping now, not at the next inbox run
  d.sqlite
    .prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP`)
    .run(PREFIX + name, spec);
}
