import { z } from "zod";
import { startUploadImport } from "@/lib/ingest/uploads";

export const dynamic = "force-dynamic";

const body = z.object({
  mapping: z.string().max(2000).optional(),
  saveMappingAs: z.string().trim().regex(/^[\w-]{1,40}$/, "a mapping name is letters, digits, - or _ (up to 40)").optional(),
});

/** Starts importing an upload; progress comes from GET /api/uploads/[id]. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = body.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  try {
    return Response.json(startUploadImport((await params).id, parsed.data));
  } catch (e) {
    return Response.json({ error: (e as Error).message }, { status: 400 });
  }
}
