import { gate } from "@/lib/auth/gate";
import { discardUpload, previewUpload, saveUpload } from "@/lib/ingest/uploads";

export const dynamic = "force-dynamic";

/**
 * Receives one file as the raw request body (name in x-file-name), stores it as it streams and answers
 * its preview. Outside the proxy (see proxy.ts), so it applies the access gate itself.
 */
export async function POST(req: Request) {
  const denied = await gate(req);
  if (denied) return denied;
  const name = decodeURIComponent(req.headers.get("x-file-name") ?? "upload");
  if (!req.body) return Response.json({ error: "The upload was empty: choose a file." }, { status: 400 });
  const { id, bytes } = await saveUpload(req.body, name);
  const expected = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(expected) && expected !== bytes) {
    discardUpload(id);
    return Response.json({ error: `The upload was cut short (${bytes} of ${expected} bytes arrived): nothing was imported. Try again.` }, { status: 400 });
  }
  return Response.json(await previewUpload(id));
}
