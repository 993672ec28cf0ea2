import { gate } from "@/lib/auth/gate";
import { formatUsdExact } from "@/lib/money";
import { estimateTrainingFile } from "@/lib/planning/trainingFile";
import { priceTraining } from "@/lib/pricing/priceBook";
import { loadPriceBook } from "@/lib/pricing/store";

export const dynamic = "force-dynamic";

/**
 * Estimates a JSONL training file sent as the raw body (?model=FAMILY&epochs=N): examples, tokens,
 * tokens × epochs and the training cost at today's price. Outside the proxy (see proxy.ts): a training
 * file can be far larger than the proxy buffers, so this applies the gate itself and reads a stream.
 */
export async function POST(req: Request) {
  const denied = await gate(req);
  if (denied) return denied;
  const url = new URL(req.url);
  const model = url.searchParams.get("model") ?? "";
  const epochs = Number(url.searchParams.get("epochs") ?? "3");
  if (!model) return Response.json({ error: "Choose the model to fine-tune." }, { status: 400 });
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 50) return Response.json({ error: "Epochs is a whole number from 1 to 50." }, { status: 400 });
  if (!req.body) return Response.json({ error: "Choose a JSONL training file." }, { status: 400 });
  const est = await estimateTrainingFile(req.body as unknown as AsyncIterable<Uint8Array>, model);
  const today = new Date().toISOString().slice(0, 10);
  const entry = (await loadPriceBook()).resolve(`ft:${model}:estimate`, today, "training");
  const trainedTokens = est.tokens * epochs;
  const cost = entry ? priceTraining(trainedTokens, entry) : null;
  return Response.json({
    ...est, epochs, trainedTokens, model,
    trainingPricePerMillion: entry?.trainingPico != null ? formatUsdExact(entry.trainingPico * 1_000_000n) : null,
    costUsd: cost == null ? null : formatUsdExact(cost),
  });
}
