import { NextResponse } from "next/server";
import { checkPassword, passwordRequired, safeNext, SESSION_COOKIE, SESSION_DAYS, signSession } from "@/lib/auth/session";

export async function POST(req: Request) {
  const form = await req.formData();
  const next = safeNext(String(form.get("next") ?? "/"));
  const base = new URL(req.url);
  if (!passwordRequired()) return NextResponse.redirect(new URL(next, base), 303);
  if (!(await checkPassword(String(form.get("password") ?? "")))) {
    const back = new URL("/login", base);
    back.searchParams.set("error", "1");
    back.searchParams.set("next", next);
    return NextResponse.redirect(back, 303);
  }
  const res = NextResponse.redirect(new URL(next, base), 303);
  res.cookies.set(SESSION_COOKIE, await signSession(), {
    httpOnly: true, sameSite: "lax", path: "/", maxAge: SESSION_DAYS * 86_400, secure: base.protocol === "https:",
  });
  return res;
}
