import { previewUpload, saveUpload } from "@/lib/ingest/uploads";

export const dynamic = "force-dynamic";

/** Receives one file as the raw request body (name in x-file-name), stores it and answers its preview. */
export async function POST(req: Request) {
  const name = decodeURIComponent(req.headers.get("x-file-name") ?? "upload");
  if (!req.body) return Response.json({ error: "The upload was empty: choose a file." }, { status: 400 });
  const id = await saveUpload(req.body, name);
  return Response.json(await previewUpload(id));
}
