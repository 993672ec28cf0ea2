import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DATABASE_URL } from "../playwright.config";

const root = path.resolve(import.meta.dirname, "..");

function tallyImport(file: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "import", file, "--json"], {
    cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

test.describe.configure({ mode: "serial" });

test("the first page shows a first-run state, then months with exact totals after an import", async ({ page }, info) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Spend by month" })).toBeVisible();
  if (info.project.name === "desktop") {
    await expect(page.getByTestId("empty-state")).toContainText("No usage yet");
    await page.screenshot({ path: "test-results/screenshots/months-empty.png", fullPage: true });

    const result = tallyImport("tests/fixtures/completions_usage_2026-03-01_2026-03-03.csv");
    expect(result).toMatchObject({ imported: 5, rejected: 6 });
    tallyImport("tests/fixtures/fine_tuning_jobs.json");
    await page.reload();
  }
  const march = page.locator('tr[data-month="2026-03"]');
  // $2.7725 inference + $9.00 training = $11.7725 → $11.77
  await expect(march.getByTestId("month-total")).toHaveText("$11.77");
  await expect(march).toContainText("$9.00");
  await expect(march).toContainText("12,000 tokens in 1 record without a price");
  await expect(page.getByTestId("grand-total")).toHaveText("$11.77");
  await page.screenshot({ path: `test-results/screenshots/months-${info.project.name}.png`, fullPage: true });
});
