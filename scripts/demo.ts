// `npm run demo`: loads 90 days of deterministic demo usage (see lib/demo.ts) into DATABASE_URL.
import { closeDb } from "../lib/db";
import { loadDemoData } from "../lib/demo";
import { importSummary } from "../lib/ingest/importFile";
import { describeCounts } from "../lib/reports";

const id = await loadDemoData(process.argv[2]);
console.log(`Demo data loaded (import #${id}): ${describeCounts(importSummary(id))}. Open the dashboard: npm start`);
await closeDb();
