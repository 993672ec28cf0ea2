import { expect, test } from "@playwright/test";
import { AUTH_BASE_URL, AUTH_PASSWORD } from "../playwright.config";
import { drawnPixels, screenshot } from "./support";

// a second server, started with TOKENTALLY_PASSWORD and its own empty database
test.use({ baseURL: AUTH_BASE_URL });
test.describe.configure({ mode: "serial" });

test("without a session every page leads to the login form and every API answers 401", async ({ page, request }) => {
  await page.goto("/usage?from=2026-01-01");
  await expect(page).toHaveURL(/\/login\?next=%2Fusage/);
  await screenshot(page, "login");
  for (const [method, path] of [["GET", "/api/usage/export"], ["GET", "/api/imports/1/rejected"], ["POST", "/api/upload"], ["POST", "/api/training-file?model=gpt-4o"]] as const) {
    const res = await request.fetch(path, { method, data: method === "POST" ? "x" : undefined });
    expect(res.status(), `${method} ${path}`).toBe(401);
  }
});

test("a wrong password is refused; the right one opens the first-run state, and demo data brings the dashboard to life", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Password").fill("not it");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("That password is not right")).toBeVisible();
  await page.getByLabel("Password").fill(AUTH_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("empty-state")).toContainText("No usage yet");
  await screenshot(page, "overview-first-run");
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === "tokentally_session")).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  await page.getByTestId("load-demo").click();
  await expect(page.getByTestId("month-total")).not.toHaveText("$0.00");
  expect(await drawnPixels(page, "chart-daily")).toBeGreaterThan(2000);
  expect(await drawnPixels(page, "chart-cumulative")).toBeGreaterThan(1000);
});

test("a cross-site mutation is refused even with a session", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Password").fill(AUTH_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("month-total")).toBeVisible();
  const status = (origin: string) => page.request.post("/api/uploads/0123456789abcdef/import", { headers: { origin, "content-type": "application/json" }, data: "{}" }).then((r) => r.status());
  expect(await status("http://evil.example")).toBe(403);
  expect(await page.request.post("/api/upload", { headers: { origin: "http://evil.example" }, data: "x" }).then((r) => r.status())).toBe(403);
  // the same request from the app itself gets through the gate (and is refused for its content)
  expect(await status(AUTH_BASE_URL)).toBe(400);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/pricing");
  await expect(page).toHaveURL(/\/login\?next=%2Fpricing/);
});
