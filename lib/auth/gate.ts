import { isCrossSite, passwordRequired, SESSION_COOKIE, verifySession } from "./session";

const OPEN = ["/login", "/api/login"];

function cookie(req: Request, name: string): string | undefined {
  const m = (req.headers.get("cookie") ?? "").split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : undefined;
}

/**
 * The access rule for one request: a cross-site mutation is refused (403); with a password set, a
 * request without a valid session gets 401 (API) or a redirect to the login page. Null: let it through.
 */
export async function gate(req: Request): Promise<Response | null> {
  const url = new URL(req.url);
  if (isCrossSite(req.method, req.headers, req.headers.get("host"))) {
    return Response.json({ error: "Cross-site request refused: submit the form from Tokentally itself." }, { status: 403 });
  }
  if (!passwordRequired() || OPEN.includes(url.pathname)) return null;
  if (await verifySession(cookie(req, SESSION_COOKIE))) return null;
  if (url.pathname.startsWith("/api/")) return Response.json({ error: "Log in first: this Tokentally requires a password." }, { status: 401 });
  // on the host the browser used (its Host header): req.url may name another (localhost for 127.0.0.1),
  // and the session cookie set after login would not reach it
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const login = new URL(`${proto}://${req.headers.get("host") ?? url.host}/login`);
  login.searchParams.set("next", url.pathname + url.search);
  return new Response(null, { status: 303, headers: { location: login.toString() } });
}
