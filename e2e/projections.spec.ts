import { createReadStream } from "node:fs";
import { expect, test } from "@playwright/test";
import { formatUsdExact } from "../lib/money";
import { estimateTrainingFile } from "../lib/planning/trainingFile";
import { drawnPixels, fixture, loadDemo, screenshot } from "./support";

// Worked by hand from the formulas the page shows (tests/planner.test.ts has the working)
const PRESETS = [
  { key: "startup-mvp", training: "$1.50", monthly: "$0.945", firstYear: "$12.84" },
  { key: "production-app", training: "$15.00", monthly: "$20.15625", firstYear: "$256.875" },
  { key: "enterprise", training: "$180.00", monthly: "$3368.75", firstYear: "$40605.00" },
];

test.beforeAll(() => loadDemo());

test("the month-end forecast states its method and draws its chart", async ({ page }) => {
  await page.goto("/projections");
  await expect(page.locator("#forecast")).toContainText("median spend of its weekday");
  await expect(page.getByTestId("forecast-projected")).toHaveText(/^\$[\d,]+\.\d\d$/);
  expect(await drawnPixels(page, "chart-forecast")).toBeGreaterThan(1000);
});

test("each planner preset shows its exact figures and formula", async ({ page }) => {
  await page.goto("/projections");
  for (const p of PRESETS) {
    await page.locator(`[data-preset="${p.key}"]`).click();
    await expect(page.getByTestId("plan-training")).toHaveText(p.training);
    await expect(page.getByTestId("plan-monthly")).toHaveText(p.monthly);
    await expect(page.getByTestId("plan-first-year")).toHaveText(p.firstYear);
    await expect(page.getByTestId("plan-formula")).toContainText(`first year = ${p.training} + 12 × ${p.monthly} = ${p.firstYear}`);
  }
  expect(await drawnPixels(page, "chart-plan")).toBeGreaterThan(500);
});

test("the planner recalculates from its form, with a validation split and daily volumes", async ({ page }) => {
  await page.goto("/projections?model=gpt-4o-mini&trainingTokens=1000000&epochs=3&validation=10&volume=day&input=100000&output=10000&cached=0&retry=0");
  // 900,000 × 3 × $1/1M = $2.70; (3M × 0.15 + 0.3M × 0.60)/1M = $0.63 a month; 2.70 + 12 × 0.63 = $10.26
  await expect(page.getByTestId("plan-training")).toHaveText("$2.70");
  await expect(page.getByTestId("plan-monthly")).toHaveText("$0.63");
  await expect(page.getByTestId("plan-first-year")).toHaveText("$10.26");
});

test("break-even: where a fine-tune pays for itself", async ({ page }) => {
  await page.goto("/projections?be_ftModel=gpt-4o-mini&be_baseModel=gpt-4o&be_ftPrompt=150&be_basePrompt=1500&be_outputTokens=200&be_trainingTokens=2000000&be_epochs=3&be_calls=300000&be_baseInput=2.50&be_baseOutput=10.00#break-even");
  // training $6; ft call 150 × 0.15µ + 200 × 0.60µ = $0.0001425; base call 1500 × 2.50µ + 200 × 10µ = $0.00575
  // 6 / 0.0056075 = 1,069.99… → 1,070 calls
  await expect(page.getByTestId("break-even-calls")).toHaveText("1,070 calls");
  expect(await drawnPixels(page, "chart-break-even")).toBeGreaterThan(500);
});

test("the training-file estimator counts tokens with the model's tokenizer and names invalid lines", async ({ page }) => {
  const expected = await estimateTrainingFile(createReadStream(fixture("training_chat.jsonl")), "gpt-4o-mini");
  await page.goto("/projections#training-file");
  await page.getByTestId("training-estimator").getByLabel("Model").selectOption("gpt-4o-mini");
  await page.getByTestId("training-file").setInputFiles(fixture("training_chat.jsonl"));
  const est = page.getByTestId("training-estimate");
  await expect(est.getByTestId("file-tokens")).toHaveText(expected.tokens.toLocaleString("en-US"));
  // trained tokens × $1/1M on gpt-4o-mini: exact
  await expect(est.getByTestId("file-cost")).toHaveText(`$${formatUsdExact(BigInt(expected.tokens * 3) * 1_000_000n)}`);
  await expect(page.getByTestId("invalid-lines")).toContainText("line 3: no assistant message");
  await expect(page.getByTestId("invalid-lines")).toContainText("line 5: not valid JSON");
  await screenshot(page, "projections-estimator");
});
