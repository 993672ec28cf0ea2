import type { PlanInput } from "./planner";

/**
 * The seed article's three planning scenarios, as planner inputs. Their figures are computed by
 * planFineTune from these inputs (the formulas win over any total printed next to them).
 */
export interface Scenario {
  key: string;
  name: string;
  model: string;
  input: PlanInput;
}

export const SCENARIOS: Scenario[] = [
  {
    key: "startup-mvp",
    name: "Startup MVP",
    model: "gpt-4o-mini",
    // 1,000 examples × 500 tokens, light traffic
    input: { trainingTokens: 500_000, epochs: 3, monthlyInputTokens: 2_000_000, monthlyOutputTokens: 1_000_000, cachedSharePercent: "0", retryBufferPercent: "5", months: 12 },
  },
  {
    key: "production-app",
    name: "Production App",
    model: "gpt-4o-mini",
    // 10,000 examples × 500 tokens, steady traffic with some prompt caching
    input: { trainingTokens: 5_000_000, epochs: 3, monthlyInputTokens: 50_000_000, monthlyOutputTokens: 20_000_000, cachedSharePercent: "20", retryBufferPercent: "7.5", months: 12 },
  },
  {
    key: "enterprise",
    name: "Enterprise",
    model: "gpt-4o",
    // 40,000 examples × 500 tokens on the larger model, heavy traffic
    input: { trainingTokens: 20_000_000, epochs: 3, monthlyInputTokens: 500_000_000, monthlyOutputTokens: 200_000_000, cachedSharePercent: "30", retryBufferPercent: "10", months: 12 },
  },
];
