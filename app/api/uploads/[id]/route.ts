import { uploadStatus } from "@/lib/ingest/uploads";

export const dynamic = "force-dynamic";

/** How far the import of an upload has got (the page polls this). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const status = uploadStatus((await params).id);
  return status ? Response.json(status) : Response.json({ error: "No import of that upload is running." }, { status: 404 });
}
