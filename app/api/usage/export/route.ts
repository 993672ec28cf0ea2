import { USAGE_EXPORT_HEADER, csvLine, usageCsvLine } from "@/lib/formats/csvExport";
import { iterateUsageRecords } from "@/lib/queries/getUsageRecords";
import { parseUsageFilter } from "@/lib/queries/usageFilter";

export const dynamic = "force-dynamic";

/** The Usage page's records as CSV: every record its filters select, in the page's order. */
export async function GET(req: Request) {
  const { filter, error } = parseUsageFilter(Object.fromEntries(new URL(req.url).searchParams));
  if (error) return Response.json({ error }, { status: 400 });
  const rows = iterateUsageRecords(filter);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(USAGE_EXPORT_HEADER)));
    },
    pull(controller) {
      let chunk = "";
      for (let i = 0; i < 2000; i++) {
        const next = rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += usageCsvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      rows.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage_${filter.from}_${filter.to}.csv"`,
    },
  });
}
