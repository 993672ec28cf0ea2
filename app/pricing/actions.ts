"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { importLiteLLM, removePrice, savePrice } from "@/lib/pricing/changes";
import { repriceView, type RepriceView } from "@/lib/pricing/repriceView";
import { repriceStored } from "@/lib/pricing/store";

export interface PricingResult {
  ok?: string;
  error?: string;
  report?: RepriceView;
}

const price = z.string().trim().regex(/^\d+(\.\d{1,6})?$/, "a price is USD per 1M tokens with at most 6 decimals, like 0.15");
const optionalPrice = z.string().trim().transform((v) => (v === "" ? undefined : v)).pipe(price.optional());

const priceForm = z.object({
  replaces: z.string().optional().transform((v) => (v ? Number(v) : undefined)),
  match: z.string().trim().min(1, "name a model family, an exact model id or a pattern"),
  matchKind: z.enum(["family", "exact", "pattern"]),
  appliesTo: z.enum(["fine-tuned", "base"]),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "the effective date is YYYY-MM-DD"),
  training: optionalPrice,
  input: price,
  output: price,
  cachedInput: optionalPrice,
  batchInput: optionalPrice,
  batchCachedInput: optionalPrice,
  batchOutput: optionalPrice,
});

const fields = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));

export async function savePriceAction(_prev: PricingResult, form: FormData): Promise<PricingResult> {
  const parsed = priceForm.safeParse(fields(form));
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const { replaces, ...input } = parsed.data;
  try {
    const { entry, report } = await savePrice({ ...input, source: "user (Pricing page)" }, { replaces });
    revalidatePath("/", "layout");
    return { ok: `Saved the price for ${entry.match} from ${entry.effectiveFrom}.`, report: repriceView(report) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export async function deletePriceAction(_prev: PricingResult, form: FormData): Promise<PricingResult> {
  const id = Number(form.get("id"));
  const report = Number.isSafeInteger(id) ? await removePrice(id) : null;
  if (!report) return { error: `There is no price #${form.get("id")}.` };
  revalidatePath("/", "layout");
  return { ok: `Deleted price #${id}.`, report: repriceView(report) };
}

export async function importLiteLLMAction(_prev: PricingResult, form: FormData): Promise<PricingResult> {
  const file = form.get("file");
  const effectiveFrom = String(form.get("effectiveFrom") ?? "");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose LiteLLM's model_prices_and_context_window.json." };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) return { error: "The effective date is YYYY-MM-DD." };
  let doc: unknown;
  try {
    doc = JSON.parse(await file.text());
  } catch (e) {
    return { error: `${file.name} is not JSON: ${(e as Error).message}` };
  }
  try {
    const r = await importLiteLLM(doc, { effectiveFrom, source: `LiteLLM ${file.name}` });
    revalidatePath("/", "layout");
    return { ok: `Imported ${r.imported} OpenAI prices from ${file.name} (skipped ${r.skipped} entries of other providers or without token prices).`, report: repriceView(r.report) };
  } catch (e) {
    return { error: `${file.name}: ${(e as Error).message}` };
  }
}

export async function repriceAction(): Promise<PricingResult> {
  const report = await repriceStored();
  revalidatePath("/", "layout");
  return { ok: "Re-priced every stored record against the price book.", report: repriceView(report) };
}
