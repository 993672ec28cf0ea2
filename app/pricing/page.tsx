import { PricingPanel, type PriceRow } from "./PricingPanel";
import { picoPerTokenToPerMillion } from "@/lib/money";
import { listPrices } from "@/lib/pricing/store";
import { getScopeFirstDay } from "@/lib/queries/getScopeSpend";
import { ALL_USAGE } from "@/lib/scope";

export const dynamic = "force-dynamic";

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ model?: string; appliesTo?: string }> }) {
  const { model, appliesTo } = await searchParams;
  const entries = await listPrices();
  const today = new Date().toISOString().slice(0, 10);
  const perM = (p: bigint | null) => (p == null ? "" : picoPerTokenToPerMillion(p));
  // per match and scope, the entry in force today is the latest one not after today
  const inForce = new Map<string, string>();
  for (const e of entries) {
    const key = `${e.matchKind}\u0000${e.match}\u0000${e.appliesTo}`;
    if (e.effectiveFrom <= today && (inForce.get(key) ?? "") < e.effectiveFrom) inForce.set(key, e.effectiveFrom);
  }
  const rows: PriceRow[] = entries.map((e) => {
    const current = inForce.get(`${e.matchKind}\u0000${e.match}\u0000${e.appliesTo}`);
    return {
      id: e.id, match: e.match, matchKind: e.matchKind, appliesTo: e.appliesTo, effectiveFrom: e.effectiveFrom, source: e.source,
      state: e.effectiveFrom > today ? "scheduled" : e.effectiveFrom === current ? "in force" : "superseded",
      training: perM(e.trainingPico), input: perM(e.inputPico), cachedInput: perM(e.cachedInputPico), output: perM(e.outputPico),
      batchInput: perM(e.batchInputPico), batchCachedInput: perM(e.batchCachedPico), batchOutput: perM(e.batchOutputPico),
    };
  });
  return (
    <>
      <div className="page-head"><h1>Pricing</h1></div>
      <p className="muted" style={{ marginTop: -8 }}>
        USD per 1M tokens. A record is priced by the entry in force on its day (UTC); the most specific match wins (exact id, then pattern, then the
        longest family), so <code>ft:gpt-4o-mini-2024-07-18:org:name:id</code> takes the <code>gpt-4o-mini</code> family price. Cached input and batch
        default to 50% when left empty. Every change re-prices the stored records.
      </p>
      <PricingPanel rows={rows} today={today} prefill={model ? { match: model, appliesTo: appliesTo === "base" ? "base" : "fine-tuned", effectiveFrom: getScopeFirstDay(ALL_USAGE) ?? today } : undefined} />
    </>
  );
}
