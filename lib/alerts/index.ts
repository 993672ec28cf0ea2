import { db, type Db } from "../db";
import { deliverySettings, dispatchPending, type DeliverySettings } from "./deliver";
import { evaluateAlerts, type NewFiring } from "./evaluate";

/** One alerts pass: evaluate every rule, then send whatever is pending (new firings, and any left over). */
export async function runAlerts(d: Db = db(), opts: { now?: Date; settings?: DeliverySettings } = {}): Promise<{ fired: NewFiring[]; sent: number; failed: number }> {
  const fired = evaluateAlerts(d, { now: opts.now });
  const { sent, failed } = await dispatchPending(d, opts.settings ?? deliverySettings());
  return { fired, sent, failed };
}

const inFlight = new Set<Promise<unknown>>();

/**
 * After an ingest: records firings at once (the import's caller sees them in the history), and sends
 * them without holding up the import. `settleAlerts` waits for those sends (the CLI, before it exits).
 */
export function alertsAfterIngest(d: Db): NewFiring[] {
  try {
    const fired = evaluateAlerts(d);
    if (fired.length > 0) {
      const p = dispatchPending(d).catch((e) => console.error(`[alerts] delivery failed: ${(e as Error).message}`));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    return fired;
  } catch (e) {
    // an alert problem must never fail the import it follows
    console.error(`[alerts] evaluation failed: ${(e as Error).message}`);
    return [];
  }
}

export async function settleAlerts(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}
