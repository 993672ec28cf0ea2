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
// no login exists yet: stay on loopback unless told otherwise
const hostname = process.env.HOST ?? "127.0.0.1";

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
  console.log(`[start] Tokentally on http://${hostname}:${port}${hostname === "127.0.0.1" ? " (loopback only; set HOST=0.0.0.0 to expose it)" : ""}`);
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
