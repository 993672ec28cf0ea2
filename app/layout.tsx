import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { AlertBanner } from "./components/AlertBanner";
import { Nav } from "./components/Nav";
import { countOpenFirings, listFirings } from "@/lib/alerts/history";
import { describeFiring } from "@/lib/alerts/message";
import { passwordRequired, SESSION_COOKIE, verifySession } from "@/lib/auth/session";
import "./globals.css";

export const metadata = { title: "Tokentally", description: "What your fine-tuned OpenAI models cost" };

/** Open alerts for the banner; nothing for a visitor without a session (the login page). */
async function openAlerts(): Promise<{ count: number; latest: string }> {
  if (passwordRequired() && !(await verifySession((await cookies()).get(SESSION_COOKIE)?.value))) return { count: 0, latest: "" };
  const [latest] = listFirings(undefined, { open: true, limit: 1 });
  return latest ? { count: countOpenFirings(), latest: describeFiring(latest) } : { count: 0, latest: "" };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const alerts = await openAlerts();
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a href="/" className="brand">Tokentally</a>
          <Nav showLogout={passwordRequired()} openAlerts={alerts.count} />
        </header>
        <main>
          <AlertBanner count={alerts.count} latest={alerts.latest} />
          {children}
        </main>
      </body>
    </html>
  );
}
