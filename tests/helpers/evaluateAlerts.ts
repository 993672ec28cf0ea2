// One evaluator process for the race test: evaluates and sends, prints what it recorded.
import { runAlerts } from "../../lib/alerts";
import { deliverySettings } from "../../lib/alerts/deliver";
import { openDb } from "../../lib/db";

const d = openDb(process.argv[2]);
const start = Number(process.argv[3]);
while (Date.now() < start) { /* both processes start evaluating at the same moment */ }
const r = await runAlerts(d, { now: new Date(process.argv[4]), settings: deliverySettings({ ...process.env, TOKENTALLY_ALERT_RETRY_BASE_MS: "10" }) });
console.log(JSON.stringify({ fired: r.fired.length, sent: r.sent }));
d.sqlite.close();
await d.prisma.$disconnect();
