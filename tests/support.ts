import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDb, type Db } from "../lib/db";

/** A fresh, migrated SQLite file in a temp folder, removed after the test. */
export function tempDb(): { d: Db; dir: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "tokentally-"));
  const d = openDb(`file:${path.join(dir, "test.db")}`);
  return {
    d,
    dir,
    cleanup: async () => {
      await d.prisma.$disconnect();
      d.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
