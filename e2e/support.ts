import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const root = path.resolve(import.meta.dirname, "..");
export { E2E_DATABASE_URL } from "../playwright.config";
import { E2E_DATABASE_URL } from "../playwright.config";
export const fixture = (name: string) => path.join(root, "tests", "fixtures", name);

/** The CLI, on the e2e server's database: the same importer the page uses. */
export function tally(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args, "--json"], {
    cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Uploads a file on the Import page and waits for its preview (or refusal, or mapper). */
export async function upload(page: Page, file: string) {
  await page.goto("/import");
  await page.getByTestId("file-input").setInputFiles(file);
}

/** Counts the pixels a canvas has drawn (alpha > 0): an empty chart has none. */
export async function drawnPixels(page: Page, testId: string): Promise<number> {
  const canvas = page.getByTestId(testId).locator("canvas");
  await expect(canvas).toBeVisible();
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(root, "test-results", "screenshots", `${name}.png`), fullPage: true });
}

/** Loads the demo data into the e2e database (idempotent), as `npm run demo` does. */
export function loadDemo() {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL } });
  expect(r.status, r.stderr).toBe(0);
}

/** "$1,234.56" → 123456 cents */
export const centsOf = (text: string) => Number(text.replace(/[$,]/g, "").replace(".", ""));
