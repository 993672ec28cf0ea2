import { alertsAfterIngest } from "../alerts";
import type { Db } from "../db";
import type { ImportSource, ParsedItem } from "../formats";
import { loadPriceBook, priceBookVersion, repriceStored } from "../pricing/store";
import { createWriter } from "./writer";

export interface ImportRun {
  id: number;
  /** rows already committed by an earlier, interrupted run of the same file (0 for a new run) */
  rowsDone: number;
  resumed: boolean;
  /** writes one batch and the run's progress in one transaction */
  commit(items: ParsedItem[], seenAfter: number): void;
  /** records the outcome; re-prices when the price book changed while the run wrote */
  finish(error?: string): Promise<void>;
}

/**
 * Starts (or, with `resume`, continues an unfinished) import run: the one place a file or an API
 * pull is recorded, written with the price book of its start, and checked against later price changes.
 */
export async function startImportRun(d: Db, run: { name: string; sha256: string; format: ImportSource; resume?: boolean }): Promise<ImportRun> {
  const unfinished = run.resume
    ? (d.sqlite
        .prepare(`SELECT id, rows_done FROM import_run WHERE sha256 = ? AND format = ? AND status = 'running' ORDER BY id DESC LIMIT 1`)
        .get(run.sha256, run.format) as { id: bigint; rows_done: bigint } | undefined)
    : undefined;
  const id = unfinished
    ? Number(unfinished.id)
    : Number((d.sqlite.prepare(`INSERT INTO import_run (file_name, sha256, format, status) VALUES (?, ?, ?, 'running') RETURNING id`).get(run.name, run.sha256, run.format) as { id: bigint }).id);
  const bookVersion = priceBookVersion(d);
  const writer = createWriter(d, id, await loadPriceBook(d));
  return {
    id,
    rowsDone: unfinished ? Number(unfinished.rows_done) : 0,
    resumed: unfinished != null,
    commit: writer.commit,
    async finish(error?: string) {
      d.sqlite.prepare(`UPDATE import_run SET status = ?, error = ?, finished_at = CURRENT_TIMESTAMP WHERE id = ?`).run(error ? "failed" : "done", error ?? null, id);
      // a price changed while this run wrote: its later rows were priced by the superseded book
      if (!error && priceBookVersion(d) !== bookVersion) await repriceStored(d);
      // spend may have crossed a threshold: alerts are evaluated after every ingest
      if (!error) alertsAfterIngest(d);
    },
  };
}
