// `npm start`: migrate (creating the database), seed the default price book, build when there is no
// build, then serve the dashboard and run the scheduled jobs in this one process.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import next from "next";
import { closeDb, db } from "../lib/db";
import { startScheduler } from "../jobs/scheduler";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const port = Number(process.env.PORT ?? 3000);
// without a password anyone who can reach the port sees the spend: stay on loopback
const passwordSet = !!process.env.TOKENTALLY_PASSWORD;
const hostname = passwordSet ? process.env.HOST ?? "0.0.0.0" : "127.0.0.1";
if (!passwordSet) {
  console.log(`[start] TOKENTALLY_PASSWORD is not set: listening on 127.0.0.1 only${process.env.HOST && process.env.HOST !== "127.0.0.1" ? ` (HOST=${process.env.HOST} ignored)` : ""}; set a password to serve other machines`);
}

const { file } = db();
console.log(`[start] database ${file} is migrated`);

if (!existsSync(".next/BUILD_ID")) {
  console.log("[start] no build found: running next build (once)");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((req, res) => handle(req, res)).listen(port, hostname, () => {
  console.log(`[start] Tokentally on http://${hostname}:${port}${passwordSet ? " (password required)" : ""}`);
});
const scheduler = process.env.TOKENTALLY_JOBS !== "off" ? startScheduler() : undefined;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`[start] ${signal}: stopping`);
    scheduler?.destroy();
    server.close();
    void closeDb().finally(() => process.exit(0));
  });
}
