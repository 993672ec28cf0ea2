import { NextResponse, type NextRequest } from "next/server";
import { gate } from "@/lib/auth/gate";

/** The gate in front of every page and API route (lib/auth/gate.ts). */
export async function proxy(req: NextRequest) {
  return (await gate(req)) ?? NextResponse.next();
}

export const config = {
  // /api/upload and /api/training-file apply the same gate themselves: a proxy buffers request bodies
  // (and cuts them at 10 MB), which an upload of any size must never go through
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/upload$|api/training-file$).*)"],
};
