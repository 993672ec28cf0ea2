import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Tokentally", description: "What your fine-tuned OpenAI models cost" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <a href="/" className="brand">Tokentally</a>
          <span className="tagline">fine-tuned model spend</span>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
