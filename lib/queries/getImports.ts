import { db, type Db } from "../db";

/** The import history, newest first. */
export async function getImports(limit = 50, d: Db = db()) {
  return d.prisma.importRun.findMany({ orderBy: { id: "desc" }, take: limit });
}

/** One import with every row it rejected (line, reason and the row as it was). */
export async function getImport(id: number, d: Db = db()) {
  return d.prisma.importRun.findUnique({ where: { id }, include: { rejectedRows: { orderBy: { id: "asc" } } } });
}
