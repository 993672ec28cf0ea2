import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { db, type Db } from "../db";
import { openUsageFile, UnreadableFileError, type FormatId, type OpenOptions, type ParsedItem } from "../formats";
import { loadSavedMappings } from "./mappings";
import { startImportRun } from "./run";

export interface ImportResult {
  importId: number;
  file: string;
  format: FormatId;
  imported: number;
  updated: number;
  duplicates: number;
  rejected: number;
  /** fine-tuning jobs that did not succeed: listed, cost nothing */
  skipped: number;
  resumed: boolean;
  errors: { line: number | null; reason: string }[];
}

export interface ImportProgress {
  bytes: number;
  size: number;
  rows: number;
}

export interface ImportOptions extends OpenOptions {
  /** name recorded for the import (defaults to the file's base name) */
  name?: string;
  onProgress?: (p: ImportProgress) => void;
  /** rows committed per transaction: a kill loses at most one batch, which the next run redoes */
  batchSize?: number;
}

export class ImportRefusedError extends Error {
  constructor(message: string, readonly importId: number) {
    super(message);
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Imports one file: recognises its format, prices every row, and writes it in batches, each one
 * transaction that also records how far the import got. Running it again on the same file resumes an
 * unfinished import from its last committed batch, or finds every row already there (duplicates):
 * each record ends up stored exactly once.
 */
export async function importFile(file: string, opts: ImportOptions = {}, d: Db = db()): Promise<ImportResult> {
  const name = opts.name ?? path.basename(file);
  const sha256 = await sha256File(file);
  let opened;
  try {
    opened = await openUsageFile(file, { ...opts, savedMappings: opts.savedMappings ?? loadSavedMappings(d) });
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    const { id } = d.sqlite
      .prepare(`INSERT INTO import_run (file_name, sha256, format, status, error, finished_at) VALUES (?, ?, 'unknown', 'failed', ?, CURRENT_TIMESTAMP) RETURNING id`)
      .get(name, sha256, e.message) as { id: bigint };
    throw new ImportRefusedError(e.message, Number(id));
  }

  const run = await startImportRun(d, { name, sha256, format: opened.format, resume: true });
  const batchSize = opts.batchSize ?? (Number(process.env.TOKENTALLY_IMPORT_BATCH) || 5_000);
  let seen = 0;
  let pending: ParsedItem[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    run.commit(pending, seen);
    pending = [];
  };
  try {
    for await (const batch of opened.items) {
      for (const item of batch) {
        seen++;
        if (seen <= run.rowsDone) continue; // items are numbered in file order; skip those committed
        pending.push(item);
        if (pending.length >= batchSize) flush();
      }
      opts.onProgress?.({ bytes: opened.progress.bytes, size: opened.size, rows: seen });
    }
    flush();
  } catch (e) {
    const message = e instanceof UnreadableFileError ? e.message : `Import stopped: ${(e as Error).message}`;
    await run.finish(message);
    if (e instanceof UnreadableFileError) throw new ImportRefusedError(message, run.id);
    throw e;
  }
  await run.finish();
  return importSummary(run.id, d, run.resumed);
}

/** The recorded outcome of an import, with every rejected row's line and reason. */
export function importSummary(importId: number, d: Db = db(), resumed = false): ImportResult {
  const run = d.sqlite.prepare(`SELECT * FROM import_run WHERE id = ?`).get(importId) as Record<string, bigint | string>;
  const errors = (d.sqlite.prepare(`SELECT line, reason FROM rejected_row WHERE import_id = ? ORDER BY id`).all(importId) as { line: bigint; reason: string }[])
    .map((r) => ({ line: r.line < 0n ? null : Number(r.line), reason: r.reason }));
  return {
    importId,
    file: String(run.file_name),
    format: run.format as FormatId,
    imported: Number(run.imported),
    updated: Number(run.updated),
    duplicates: Number(run.duplicates),
    rejected: Number(run.rejected),
    skipped: Number(run.skipped),
    resumed,
    errors,
  };
}
