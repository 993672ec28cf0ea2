import { z } from "zod";
import { previewUpload } from "@/lib/ingest/uploads";

export const dynamic = "force-dynamic";

const body = z.object({ mapping: z.string().min(1).max(2000) });

/** The preview of an upload read through a column mapping. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "Send a column mapping." }, { status: 400 });
  const preview = await previewUpload((await params).id, parsed.data.mapping);
  return preview ? Response.json(preview) : Response.json({ error: "That upload is gone: upload the file again." }, { status: 404 });
}
