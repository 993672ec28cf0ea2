import { NextResponse } from "next/server";
import { checkPassword, passwordRequired, safeNext, SESSION_COOKIE, SESSION_DAYS, signSession } from "@/lib/auth/session";

// Redirects are relative: behind the custom server req.url may name another host (localhost for
// 127.0.0.1), and a session cookie set for one host is not sent to the other.
const seeOther = (location: string) => new NextResponse(null, { status: 303, headers: { location } });

export async function POST(req: Request) {
  const form = await req.formData();
  const next = safeNext(String(form.get("next") ?? "/"));
  if (!passwordRequired()) return seeOther(next);
  if (!(await checkPassword(String(form.get("password") ?? "")))) {
    return seeOther(`/login?${new URLSearchParams({ error: "1", next })}`);
  }
  const res = seeOther(next);
  const https = req.headers.get("x-forwarded-proto") === "https" || new URL(req.url).protocol === "https:";
  res.cookies.set(SESSION_COOKIE, await signSession(), { httpOnly: true, sameSite: "lax", path: "/", maxAge: SESSION_DAYS * 86_400, secure: https });
  return res;
}
