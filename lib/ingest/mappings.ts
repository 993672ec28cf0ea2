import { db, type Db } from "../db";
import { setSetting } from "../db/settings";
import { parseMappingSpec, type SavedMapping } from "../formats";

const PREFIX = "mapping:";

/** Column mappings saved for the inbox: a generic CSV whose header has every mapped column uses it. */
export function loadSavedMappings(d: Db = db()): SavedMapping[] {
  const rows = d.sqlite.prepare(`SELECT key, value FROM setting WHERE key LIKE 'mapping:%' ORDER BY key`).all() as { key: string; value: string }[];
  return rows.map((r) => ({ name: r.key.slice(PREFIX.length), mapping: parseMappingSpec(r.value) }));
}

export function saveMapping(name: string, spec: string, d: Db = db()): void {
  parseMappingSpec(spec); // refuse a bad mapping now, not at the next inbox run
  setSetting(d, PREFIX + name, spec);
}
