import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

/**
 * Applies pending Prisma migrations (prisma/migrations/<name>/migration.sql) in order and records them
 * in _prisma_migrations exactly as `prisma migrate deploy` does, so either tool can take over. It runs
 * inside one immediate transaction: two processes starting at once apply each migration once.
 */
export function applyMigrations(sqlite: Database.Database, dir = MIGRATIONS_DIR): string[] {
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}: run Tokentally from its project folder`);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  const applied: string[] = [];
  const run = sqlite.transaction(() => {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const done = new Set(
      (sqlite.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name),
    );
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      sqlite.exec(sql);
      sqlite
        .prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`)
        .run(randomUUID(), createHash("sha256").update(sql).digest("hex"), name);
      applied.push(name);
    }
  });
  run.immediate();
  return applied;
}
