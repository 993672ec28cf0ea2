import type { Db } from "./index";

/** Small key/value state (API cursors, saved mappings, leases, the price book version). */
export function getSetting(d: Db, key: string): string | undefined {
  return (d.sqlite.prepare(`SELECT value FROM setting WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
}

export function setSetting(d: Db, key: string, value: string): void {
  d.sqlite
    .prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP`)
    .run(key, value);
}
