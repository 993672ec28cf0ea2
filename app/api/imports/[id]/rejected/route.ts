import { csvLine } from "@/lib/formats/csvExport";
import { getImport } from "@/lib/queries/getImports";

export const dynamic = "force-dynamic";

/** One import's rejected rows as CSV: line (header = 1; negative = the n-th JSON entry), reason, the row as it was. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const run = Number.isSafeInteger(id) ? await getImport(id) : null;
  if (!run) return Response.json({ error: "No such import." }, { status: 404 });
  const body = csvLine(["line", "reason", "row"]) + run.rejectedRows.map((r) => csvLine([r.line, r.reason, r.raw])).join("");
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="import_${id}_rejected_rows.csv"` },
  });
}
