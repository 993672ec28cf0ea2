// Re-prices a benchmark database after a price change, in its own process (time and peak RSS).
import { openDb } from "../lib/db";
import { repriceStored, upsertPrice } from "../lib/pricing/store";

const d = openDb(process.argv[2]);
await upsertPrice({ match: "gpt-4o-mini", training: "1.00", input: "0.20", output: "0.80", effectiveFrom: "2026-01-01", source: "bench" }, d);
const started = process.hrtime.bigint();
const r = await repriceStored(d);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, examined: r.examined, changed: r.changed, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
await d.prisma.$disconnect();
d.sqlite.close();
