/**
 * Access: when TOKENTALLY_PASSWORD is set, every page and API route needs a signed session cookie.
 * A session is "v1.<issued unix seconds>.<HMAC-SHA256>", keyed by a secret derived from the password
 * (or TOKENTALLY_SESSION_SECRET): changing the password ends every session. Web Crypto only, so the
 * same code runs in the proxy and in route handlers.
 */
export const SESSION_COOKIE = "tokentally_session";
export const SESSION_DAYS = 14;

export const passwordRequired = () => !!process.env.TOKENTALLY_PASSWORD;

const encoder = new TextEncoder();

async function hmacKey(): Promise<CryptoKey> {
  const secret = process.env.TOKENTALLY_SESSION_SECRET ?? `tokentally-session:${process.env.TOKENTALLY_PASSWORD ?? ""}`;
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((h) => parseInt(h, 16)));

export async function signSession(nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  const payload = `v1.${nowSeconds}`;
  return `${payload}.${hex(await crypto.subtle.sign("HMAC", await hmacKey(), encoder.encode(payload)))}`;
}

export async function verifySession(token: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): Promise<boolean> {
  const m = /^v1\.(\d{1,12})\.([0-9a-f]{64})$/.exec(token ?? "");
  if (!m) return false;
  const issued = Number(m[1]);
  if (issued > nowSeconds + 60 || nowSeconds - issued > SESSION_DAYS * 86_400) return false;
  // crypto.subtle.verify compares in constant time
  return crypto.subtle.verify("HMAC", await hmacKey(), unhex(m[2]), encoder.encode(`v1.${m[1]}`));
}

/** Constant-time comparison of the typed password with TOKENTALLY_PASSWORD (both hashed first). */
export async function checkPassword(typed: string): Promise<boolean> {
  const expected = process.env.TOKENTALLY_PASSWORD;
  if (!expected) return false;
  const [a, b] = await Promise.all([typed, expected].map((s) => crypto.subtle.digest("SHA-256", encoder.encode(s))));
  const x = new Uint8Array(a), y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

/**
 * A state-changing request from another site is refused: its Origin (or, without one, the browser's
 * Sec-Fetch-Site) must be this server. Requests with neither (curl, scripts) still need the session.
 */
export function isCrossSite(method: string, headers: Headers, host: string | null): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin && origin !== "null") {
    try {
      return new URL(origin).host !== host;
    } catch {
      return true;
    }
  }
  if (origin === "null") return true;
  const site = headers.get("sec-fetch-site");
  return site != null && site !== "same-origin" && site !== "none";
}

/** Only a local path may be the target after login (never another site). */
export const safeNext = (next: string | null | undefined) => (next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
