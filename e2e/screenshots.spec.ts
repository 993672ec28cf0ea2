import { expect, test } from "@playwright/test";
import { loadDemo, screenshot } from "./support";

test.beforeAll(() => loadDemo());

// every page, at 1280 px and at a phone's width (the phone project), to be looked at
for (const [name, path] of [["overview", "/"], ["usage", "/usage"], ["projections", "/projections"], ["import", "/import"], ["pricing", "/pricing"], ["alerts", "/alerts"]]) {
  test(`${name} page`, async ({ page }, info) => {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    // nothing wider than the screen but the tables, which scroll inside their frame
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `${name}-${info.project.name}`);
  });
}
