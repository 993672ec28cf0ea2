import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db";
import { importFile, ImportRefusedError, type ImportResult } from "./importFile";

export const DEFAULT_INBOX = "data/inbox";

export function inboxDir(): string {
  return path.resolve(process.env.TOKENTALLY_INBOX ?? DEFAULT_INBOX);
}

/** A file modified this recently may still be being written: it waits for the next run. */
function settleMs(): number {
  return Number(process.env.TOKENTALLY_INBOX_SETTLE_SECONDS ?? 10) * 1000;
}

const IN_PROGRESS = /(^\.|\.part$|\.tmp$|\.crdownload$|\.partial$|~$)/;

export type InboxOutcome = (ImportResult & { moved: string }) | { file: string; error: string; moved: string };

function destination(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, name);
  return existsSync(target) ? path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}`) : target;
}

/**
 * Imports every settled file in the inbox: done files move to done/, files that cannot be read to
 * failed/ beside a .error.txt that says why. Anything else that goes wrong leaves the file in place
 * for the next run.
 */
export async function processInbox(d: Db, onFile?: () => void): Promise<InboxOutcome[]> {
  const dir = inboxDir();
  mkdirSync(dir, { recursive: true });
  const settle = settleMs();
  const outcomes: InboxOutcome[] = [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !IN_PROGRESS.test(e.name) && !e.name.endsWith(".error.txt"))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const st = statSync(file);
    if (settle > 0 && Date.now() - st.mtimeMs < settle) continue;
    try {
      const r = await importFile(file, { name }, d);
      const moved = destination(path.join(dir, "done"), name);
      renameSync(file, moved);
      outcomes.push({ ...r, moved });
    } catch (e) {
      if (!(e instanceof ImportRefusedError)) {
        console.error(`[ingest] ${name}: ${(e as Error).message}; will retry next run`);
        continue;
      }
      const moved = destination(path.join(dir, "failed"), name);
      renameSync(file, moved);
      writeFileSync(`${moved}.error.txt`, `${name} was not imported.\n${e.message}\n`);
      outcomes.push({ file: name, error: e.message, moved });
    }
    onFile?.();
  }
  return outcomes;
}
