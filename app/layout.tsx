import type { ReactNode } from "react";
import { Nav } from "./components/Nav";
import { passwordRequired } from "@/lib/auth/session";
import "./globals.css";

export const metadata = { title: "Tokentally", description: "What your fine-tuned OpenAI models cost" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a href="/" className="brand">Tokentally</a>
          <Nav showLogout={passwordRequired()} />
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
