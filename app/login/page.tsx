import { safeNext } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <div className="login">
      <h1>Log in to Tokentally</h1>
      <form action="/api/login" method="post" className="card form">
        <input type="hidden" name="next" value={safeNext(next)} />
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required autoFocus />
        </label>
        {error ? <p className="error" role="alert">That password is not right. Try again.</p> : null}
        <button type="submit" className="primary">Log in</button>
      </form>
    </div>
  );
}
