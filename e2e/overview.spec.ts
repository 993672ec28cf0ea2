import { expect, test } from "@playwright/test";
import { centsOf, drawnPixels, loadDemo, screenshot } from "./support";

test.beforeAll(() => loadDemo());

test("the overview's totals add up across every table and its charts are drawn", async ({ page }) => {
  await page.goto("/");
  const total = await page.getByTestId("month-total").textContent();
  expect(centsOf(total!)).toBeGreaterThan(0);
  for (const table of ["by-model", "by-project", "by-key"]) {
    await expect(page.getByTestId(table).getByTestId("table-total")).toHaveText(total!);
    const rows = await page.getByTestId(table).locator("tbody").getByTestId("cost").allTextContents();
    expect(rows.reduce((a, t) => a + centsOf(t), 0)).toBe(centsOf(total!));
  }
  await expect(page.getByTestId("stat-projection")).toContainText("80% range");
  expect(await drawnPixels(page, "chart-daily")).toBeGreaterThan(2000);
  expect(await drawnPixels(page, "chart-cumulative")).toBeGreaterThan(1000);
});

test("a monthly budget shows progress and its line", async ({ page }) => {
  await page.goto("/");
  const before = await drawnPixels(page, "chart-cumulative");
  await page.getByLabel("Monthly budget in USD").fill("abc");
  await page.getByTestId("stat-budget").getByRole("button").click();
  await expect(page.getByTestId("stat-budget")).toContainText('"abc" is not an amount in USD');
  await page.getByLabel("Monthly budget in USD").fill("2,000");
  await page.getByTestId("stat-budget").getByRole("button").click();
  await expect(page.getByTestId("stat-budget")).toContainText("of $2,000.00");
  await expect(page.getByTestId("stat-budget").getByRole("progressbar")).toBeVisible();
  // the budget line adds pixels to the cumulative chart
  expect(await drawnPixels(page, "chart-cumulative")).toBeGreaterThan(before);
  await screenshot(page, "overview-budget");
});

test("the month picker moves to another month", async ({ page }) => {
  await page.goto("/");
  const options = await page.getByTestId("month-picker").locator("option").allTextContents();
  expect(options.length).toBeGreaterThan(2);
  await page.getByTestId("month-picker").selectOption({ index: 2 });
  await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(options[2]);
  await expect(page.getByTestId("stat-projection")).toContainText("the month is over");
});
