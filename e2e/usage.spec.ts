import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parseUsd } from "../lib/money";
import { readCsv } from "../lib/formats/csv";
import { fixture, loadDemo, screenshot, tally } from "./support";

test.beforeAll(() => {
  loadDemo();
  tally("import", fixture("formula_cells.csv"));
});

async function parseCsvFile(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  const chunks = (async function* () { yield readFileSync(path); })();
  for await (const batch of readCsv(chunks)) for (const r of batch) rows.push(r.fields);
  return rows;
}

test("the CSV export holds exactly what the filters show and imports back as duplicates", async ({ page }) => {
  const month = new Date().toISOString().slice(0, 7);
  await page.goto(`/usage?from=${month}-01&to=${new Date().toISOString().slice(0, 10)}&project=proj_support`);
  const summary = page.getByTestId("usage-summary");
  const count = Number((await summary.locator("strong").first().textContent())!.replace(/,/g, ""));
  expect(count).toBeGreaterThan(50); // more than one page
  await screenshot(page, "usage-filtered");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const rows = await parseCsvFile((await download.path())!);
  const [header, ...records] = rows;
  expect(header).toContain("cost_usd");
  expect(records).toHaveLength(count);
  expect(new Set(records.map((r) => r[header.indexOf("project_id")]))).toEqual(new Set(["proj_support"]));
  // exact costs add up to the total shown (rounded to cents by the one rule)
  const sum = records.reduce((a, r) => a + parseUsd(r[header.indexOf("cost_usd")]), 0n);
  const cents = (sum + 5_000_000_000n) / 10_000_000_000n;
  await expect(page.getByTestId("usage-total")).toHaveText(`$${(cents / 100n).toLocaleString("en-US")}.${String(cents % 100n).padStart(2, "0")}`);
  // the first rows are the page's first rows
  const firstRowTokens = await page.getByTestId("usage-table").locator("tbody tr").first().locator("td").nth(6).textContent();
  expect(Number(firstRowTokens!.replace(/,/g, ""))).toBe(Number(records[0][header.indexOf("input_tokens")]));

  // the export is an OpenAI-style usage file: importing it back adds nothing
  await page.goto("/import");
  await page.getByTestId("file-input").setInputFiles((await download.path())!);
  await expect(page.getByTestId("detected-format")).toHaveText("OpenAI completions usage export (CSV)");
  await page.getByTestId("confirm-import").click();
  await expect(page.getByTestId("import-result")).toContainText(`0 new, 0 updated, ${count.toLocaleString("en-US")} already there, 0 rejected`);
});

test("cells a spreadsheet would run as formulas are escaped in the export", async ({ page }) => {
  await page.goto("/usage?from=2026-04-01&to=2026-04-30");
  await expect(page.getByTestId("usage-summary")).toContainText("2 records");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const text = readFileSync((await download.path())!, "utf8");
  const [header, ...records] = await parseCsvFile((await download.path())!);
  const cell = (field: string) => records.map((r) => r[header.indexOf(field)]).sort();
  expect(cell("project_id")).toEqual([`'=HYPERLINK("http://example.com","x")`, "proj_plain"]);
  expect(cell("api_key_id")).toEqual(["'@SUM(A1)", "key_plain"]);
  expect(cell("user_id")).toEqual(["'+1", "'-2"]);
  expect(text).not.toMatch(/(^|,)[=+\-@]/m);
});

test("filters are validated and paginate", async ({ page }) => {
  await page.goto("/usage?from=2026-13-01&to=2026-11-01");
  await expect(page.getByText(/^Filters not applied/)).toContainText("from must be a real date");
  await page.goto("/usage?from=2026-01-01&to=2026-12-31");
  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^51–100 of/)).toBeVisible();
});
