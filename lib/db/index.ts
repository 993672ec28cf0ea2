import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";
import { applyMigrations } from "./migrate";
import { seedDefaultPrices } from "../pricing/seed";

export const DEFAULT_DATABASE_URL = "file:./data/tokentally.db";

export interface Db {
  url: string;
  file: string;
  /** the one better-sqlite3 handle: hot paths (ingest) and aggregations; integers come back as bigint */
  sqlite: Database.Database;
  /** the one Prisma client: everyday reads and writes */
  prisma: PrismaClient;
}

export function databaseFile(url: string): string {
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be a SQLite file URL (file:…), not "${url}"`);
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice("file:".length).split("?")[0]);
}

/** Opens (creating and migrating when needed) the database at `url` and seeds the default price book. */
export function openDb(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): Db {
  const file = databaseFile(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 15000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.defaultSafeIntegers(true);
  applyMigrations(sqlite);
  seedDefaultPrices(sqlite);
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
  return { url, file, sqlite, prisma };
}

const globalForDb = globalThis as unknown as { tokentallyDb?: Db };

/** The process-wide database (DATABASE_URL, default file:./data/tokentally.db). */
export function db(): Db {
  globalForDb.tokentallyDb ??= openDb();
  return globalForDb.tokentallyDb;
}

export async function closeDb(): Promise<void> {
  const d = globalForDb.tokentallyDb;
  globalForDb.tokentallyDb = undefined;
  if (d) {
    await d.prisma.$disconnect();
    d.sqlite.close();
  }
}
