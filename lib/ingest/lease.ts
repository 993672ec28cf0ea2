import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { getSetting, setSetting } from "../db/settings";

/**
 * A named lease in the database, so a job never overlaps itself even across processes: whoever holds
 * an unexpired lease runs, everyone else skips. An expired lease (a crashed holder) can be taken over.
 */
export function tryAcquireLease(d: Db, name: string, ttlMs: number, holder = randomUUID()): { holder: string; renew: () => void; release: () => void } | null {
  const key = `lease:${name}`;
  const take = d.sqlite.transaction(() => {
    const value = getSetting(d, key);
    const now = Date.now();
    if (value) {
      const current = JSON.parse(value) as { holder: string; expiresAt: number };
      if (current.holder !== holder && current.expiresAt > now) return false;
    }
    setSetting(d, key, JSON.stringify({ holder, expiresAt: now + ttlMs, pid: process.pid }));
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
