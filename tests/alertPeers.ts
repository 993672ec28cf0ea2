// Real local peers for alert tests: an HTTP server that receives webhooks and an SMTP server that
// receives mail, both on loopback, started by the tests themselves.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedWebhook { headers: IncomingHttpHeaders; body: string; json: Record<string, unknown> }

/** A webhook receiver; `answer` decides each response (default 200). */
export async function startWebhookReceiver(answer: (n: number) => { status: number; headers?: Record<string, string>; hang?: boolean } = () => ({ status: 200 })) {
  const received: ReceivedWebhook[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body, json: JSON.parse(body) });
      const a = answer(++n);
      if (a.hang) return; // never answers: the sender's timeout must end it
      res.writeHead(a.status, { "content-type": "text/plain", ...a.headers }).end(a.status < 300 ? "ok" : "not now");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface ReceivedMail { from: string; to: string[]; raw: string }

/** An SMTP server on loopback (no TLS, no auth) that keeps every message it receives. */
export async function startSmtpReceiver(port = 0) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c) => (raw += c));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    received,
    env: { SMTP_HOST: "127.0.0.1", SMTP_PORT: String(address.port), SMTP_TLS: "none", SMTP_FROM: "Tokentally <alerts@tokentally.test>" },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Unfolds headers and decodes a quoted-printable body enough to search a mail for text. */
export const decodeQuotedPrintable = (raw: string) => raw.replace(/\r?\n(?=[ \t])/g, "").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
