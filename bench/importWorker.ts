// Runs one import in its own process so its wall time and peak RSS are the import's alone.
import { openDb } from "../lib/db";
import { importFile } from "../lib/ingest/importFile";

const [file, url] = process.argv.slice(2);
const d = openDb(url);
const started = process.hrtime.bigint();
const r = await importFile(file, {}, d);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, imported: r.imported, duplicates: r.duplicates, rejected: r.rejected, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
d.sqlite.close();
