import { NextResponse, type NextRequest } from "next/server";
import { isCrossSite, passwordRequired, SESSION_COOKIE, verifySession } from "@/lib/auth/session";

const OPEN = ["/login", "/api/login"];

/** The gate in front of every page and API route: cross-site mutations are refused; with a password, a session is required. */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (isCrossSite(req.method, req.headers, req.headers.get("host"))) {
    return NextResponse.json({ error: "Cross-site request refused: submit the form from Tokentally itself." }, { status: 403 });
  }
  if (!passwordRequired() || OPEN.includes(pathname)) return NextResponse.next();
  if (await verifySession(req.cookies.get(SESSION_COOKIE)?.value)) return NextResponse.next();
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "Log in first: this Tokentally requires a password." }, { status: 401 });
  const login = new URL("/login", req.url);
  login.searchParams.set("next", pathname + search);
  return NextResponse.redirect(login, 303);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
