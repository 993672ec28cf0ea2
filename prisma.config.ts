import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const url = process.env.DATABASE_URL ?? "file:./data/tokentally.db";

// The shadow database replays migrations holding several statements, which better-sqlite3's
// prepare() refuses: fall back to executeScript for those.
function allowMultiStatement<T extends { executeRaw: any; executeScript: any }>(a: T): T {
  const executeRaw = a.executeRaw.bind(a);
  a.executeRaw = async (q: { sql: string; args: unknown[] }) => {
    try {
      return await executeRaw(q);
    } catch (e) {
      if (q.args.length === 0 && /more than one statement/.test(String((e as Error)?.message))) {
        await a.executeScript(q.sql);
        return 0;
      }
      throw e;
    }
  };
  return a;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const f = new PrismaBetterSQLite3({ url });
    const c = f.connect.bind(f);
    const s = f.connectToShadowDb.bind(f);
    f.connect = async () => allowMultiStatement(await c());
    f.connectToShadowDb = async () => allowMultiStatement(await s());
    return f;
  },
});
