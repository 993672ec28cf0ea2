import { randomUUID } from "node:crypto";
import type { Db } from "../db";

/**
 * A named lease in the database, so a job never overlaps itself even across processes: whoever holds
 * an unexpired lease runs, everyone else skips. An expired lease (a crashed holder) can be taken over.
 */
export function tryAcquireLease(d: Db, name: string, ttlMs: number, holder = randomUUID()): { holder: string; renew: () => void; release: () => void } | null {
  const key = `lease:${name}`;
  const take = d.sqlite.transaction(() => {
    const row = d.sqlite.prepare(`SELECT value FROM setting WHERE key = ?`).get(key) as { value: string } | undefined;
    const now = Date.now();
    if (row) {
      const current = JSON.parse(row.value) as { holder: string; expiresAt: number };
      if (current.holder !== holder && current.expiresAt > now) return false;
    }
    d.sqlite
      .prepare(`INSERT INTO setting (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP`)
      .run(key, JSON.stringify({ holder, expiresAt: now + ttlMs, pid: process.pid }));
    return true;
  });
  if (!take.immediate()) return null;
  return {
    holder,
    renew: () => { take.immediate(); },
    release: () => {
      d.sqlite.prepare(`DELETE FROM setting WHERE key = ? AND json_extract(value, '$.holder') = ?`).run(key, holder);
    },
  };
}
