import { z } from "zod";
import { SCENARIOS } from "@/lib/planning/scenarios";

const count = z.string().trim().transform((v) => v.replace(/[,_\s]/g, "")).pipe(z.string().regex(/^\d+$/, "must be a whole number")).transform(Number);
const percent = z.string().trim().regex(/^\d+(\.\d+)?$/, "must be a percentage like 7.5");

export const plannerSchema = z.object({
  model: z.string().min(1),
  trainingTokens: count,
  epochs: count.refine((n) => n >= 1, "must be at least 1"),
  validation: percent.refine((v) => Number(v) < 100, "must be under 100%"),
  volume: z.enum(["month", "day"]),
  input: count,
  output: count,
  cached: percent.refine((v) => Number(v) <= 100, "must be at most 100%"),
  retry: percent,
});
export type PlannerForm = z.infer<typeof plannerSchema>;

/** The planner's form from the query string: a preset fills it, fields given override it. */
export function plannerForm(params: Record<string, string | undefined>): { form: Record<string, string>; parsed: PlannerForm | null; errors: string[]; preset?: string } {
  const preset = SCENARIOS.find((s) => s.key === params.preset) ?? (params.trainingTokens ? undefined : SCENARIOS[0]);
  const defaults: Record<string, string> = preset
    ? {
        model: preset.model, trainingTokens: String(preset.input.trainingTokens), epochs: String(preset.input.epochs), validation: "0", volume: "month",
        input: String(preset.input.monthlyInputTokens ?? 0), output: String(preset.input.monthlyOutputTokens ?? 0),
        cached: preset.input.cachedSharePercent ?? "0", retry: preset.input.retryBufferPercent ?? "0",
      }
    : { model: "gpt-4o-mini", trainingTokens: "0", epochs: "3", validation: "0", volume: "month", input: "0", output: "0", cached: "0", retry: "5" };
  const form = { ...defaults };
  if (!params.preset) for (const k of Object.keys(defaults)) if (params[k] != null) form[k] = params[k]!;
  const parsed = plannerSchema.safeParse(form);
  return {
    form,
    parsed: parsed.success ? parsed.data : null,
    errors: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`),
    preset: preset && params.preset ? preset.key : preset && !params.trainingTokens ? preset.key : undefined,
  };
}

export const breakEvenSchema = z.object({
  ftModel: z.string().min(1),
  baseModel: z.string().min(1),
  ftPrompt: count,
  basePrompt: count,
  outputTokens: count,
  trainingTokens: count,
  epochs: count.refine((n) => n >= 1, "must be at least 1"),
  calls: count,
  /** USD per 1M tokens for the base model; blank: the price book's base-model entry */
  baseInput: z.string().trim().regex(/^(\d+(\.\d{1,6})?)?$/, "must be USD per 1M tokens like 2.50"),
  baseOutput: z.string().trim().regex(/^(\d+(\.\d{1,6})?)?$/, "must be USD per 1M tokens like 10.00"),
});

export const BREAK_EVEN_DEFAULTS: Record<string, string> = {
  ftModel: "gpt-4o-mini", baseModel: "gpt-4o", ftPrompt: "150", basePrompt: "1500", outputTokens: "200", trainingTokens: "2000000", epochs: "3", calls: "300000",
  // OpenAI's list price for gpt-4o, the default base model (the default price book prices fine-tuned use only)
  baseInput: "2.50", baseOutput: "10.00",
};
