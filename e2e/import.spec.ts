import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { fixture, screenshot, upload } from "./support";

test.describe.configure({ mode: "serial" });

const marchTotal = (page: import("@playwright/test").Page) => page.goto("/?month=2026-03").then(() => page.getByTestId("month-total"));

test("importing usage through the page changes the month's totals", async ({ page }) => {
  await upload(page, fixture("completions_usage_2026-03-01_2026-03-03.csv"));
  await expect(page.getByTestId("detected-format")).toHaveText("OpenAI completions usage export (CSV)");
  // the preview prices rows as they will be stored and shows rejected ones with their line
  const preview = page.getByTestId("preview-table");
  await expect(preview).toContainText("$0.2625"); // line 2: 900k × $0.15 + 100k cached × $0.075 + 200k × $0.60 per 1M
  await expect(preview).toContainText("unpriced"); // the base-model row has no default price
  await expect(preview).toContainText("input_tokens \"12x\" is not a whole number");
  await screenshot(page, "import-preview");
  await page.getByTestId("confirm-import").click();
  const result = page.getByTestId("import-result");
  await expect(result).toContainText("5 new, 0 updated, 0 already there, 6 rejected");
  await screenshot(page, "import-done");

  // $2.7725 of inference → $2.77, with the unpriced row named, not counted as $0
  await expect(await marchTotal(page)).toHaveText("$2.77");
  await expect(page.getByTestId("unpriced-warning")).toContainText("12,000 tokens in 1 record");

  await upload(page, fixture("fine_tuning_jobs.json"));
  await expect(page.getByTestId("detected-format")).toHaveText("OpenAI fine-tuning jobs list (JSON)");
  await page.getByTestId("confirm-import").click();
  // every job is recorded; the two that did not succeed cost nothing
  await expect(page.getByTestId("import-result")).toContainText("4 new, 0 updated, 0 already there, 0 rejected, 2 jobs that did not succeed");
  // + $9.00 of training ($3.00 support in March; the writer job finished in March too: 2M × $3)
  await expect(await marchTotal(page)).toHaveText("$11.77");
  await expect(page.getByTestId("stat-mtd")).toContainText("Training $9.00");
});

test("re-importing the same file adds nothing", async ({ page }) => {
  await upload(page, fixture("completions_usage_2026-03-01_2026-03-03.csv"));
  await expect(page.getByTestId("preview")).toContainText("This exact file was imported before");
  await page.getByTestId("confirm-import").click();
  await expect(page.getByTestId("import-result")).toContainText("0 new, 0 updated, 5 already there, 6 rejected");
  await expect(await marchTotal(page)).toHaveText("$11.77");
});

test("a generic CSV goes through the column mapper", async ({ page }) => {
  await upload(page, fixture("generic_usage.csv"));
  const mapper = page.getByTestId("mapper");
  await expect(mapper).toContainText("not a format Tokentally knows");
  // guessed from the header names; the project column is mapped by hand
  await expect(mapper.locator('select[data-field="time"]')).toHaveValue("Date");
  await expect(mapper.locator('select[data-field="input"]')).toHaveValue("Prompt Tokens");
  await mapper.locator('select[data-field="project"]').selectOption("Team");
  await screenshot(page, "import-mapper");
  await page.getByRole("button", { name: "Preview with this mapping" }).click();
  await expect(page.getByTestId("detected-format")).toHaveText("CSV with a column mapping");
  await page.getByTestId("confirm-import").click();
  await expect(page.getByTestId("import-result")).toContainText("2 new, 0 updated, 0 already there, 1 rejected");
  // 1M input × $0.15 + 1M output × $0.60 = $0.75 more
  await expect(await marchTotal(page)).toHaveText("$12.52");
  await expect(page.getByTestId("by-project")).toContainText("support");
});

test("a file the product cannot read is refused with a sentence that says why", async ({ page }) => {
  await upload(page, fixture("training_chat.jsonl"));
  await expect(page.getByTestId("refused")).toContainText("cannot be imported");
  await expect(page.getByTestId("refused")).toContainText(/JSON/);
});

test("rejected rows are kept and downloadable with line and reason", async ({ page, request }) => {
  await page.goto("/import");
  const history = page.getByTestId("import-history");
  await expect(history).toContainText("completions_usage_2026-03-01_2026-03-03.csv");
  await screenshot(page, "import-history");
  const link = history.locator("tr", { hasText: "completions_usage" }).first().getByRole("link");
  const res = await request.get((await link.getAttribute("href"))!);
  const lines = (await res.text()).trim().split("\r\n");
  expect(lines[0]).toBe("line,reason,row");
  expect(lines).toHaveLength(7);
  // the file's line 7 holds input_tokens "12x"
  expect(readFileSync(fixture("completions_usage_2026-03-01_2026-03-03.csv"), "utf8").split("\n")[6]).toContain(",12x,");
  expect(lines.some((l) => l.startsWith("7,") && l.includes("is not a whole number"))).toBe(true);
});
