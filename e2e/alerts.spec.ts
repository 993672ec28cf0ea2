import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_SMTP_PORT } from "../playwright.config";
import { decodeQuotedPrintable, startSmtpReceiver, startWebhookReceiver } from "../tests/alertPeers";
import { root, screenshot, upload } from "./support";

test.describe.configure({ mode: "serial" });

let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
test.beforeAll(async () => {
  webhook = await startWebhookReceiver();
  smtp = await startSmtpReceiver(E2E_SMTP_PORT);
});
test.afterAll(async () => {
  await webhook?.close();
  await smtp?.close();
});

const alertHooks = () => webhook.received.filter((r) => r.json.event === "alert");
const alertMails = () => smtp.received.filter((m) => !m.raw.includes("Test message"));

/** Usage of proj_e2e today: 48M input tokens of a fine-tuned gpt-4o ($2.50 per 1M) = $120.00 */
function todaysUsageFile(): string {
  const dir = path.join(root, "test-results", "alerts");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "todays_usage.csv");
  const now = Math.floor(Date.now() / 1000);
  const start = now - (now % 3600);
  writeFileSync(file, `start_time,end_time,model,project_id,api_key_id,num_model_requests,input_tokens,input_cached_tokens,output_tokens\n${start},${start + 3600},ft:gpt-4o-2024-08-06:acme:e2e:Zz9,proj_e2e,key_e2e,40,48000000,0,0\n`);
  return file;
}

async function importThroughPage(page: Page, file: string) {
  await upload(page, file);
  await page.getByTestId("confirm-import").click();
  await expect(page.getByTestId("import-result")).toBeVisible();
}

/** 100% of proj_e2e's budget, to the webhook and the mail channel */
async function createProjectRule(rule: Locator) {
  await rule.getByLabel("Name").fill("Project e2e budget");
  await rule.getByLabel("Watch").selectOption("project");
  await rule.getByLabel("Which").fill("proj_e2e");
  await rule.getByLabel("Levels (%)").fill("100");
  await rule.getByLabel("Team hook").check();
  await rule.getByLabel("Leads").check();
  await rule.getByRole("button", { name: "Create rule" }).click();
}

test("channels are added and each answers a test", async ({ page }) => {
  await page.goto("/alerts");
  await screenshot(page, "alerts-empty");
  const form = page.getByTestId("channel-form");
  await form.getByLabel("Name").fill("Team hook");
  await form.getByLabel("URL or addresses").fill("not a url");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("alerts-error")).toHaveText('Channel not added: "not a url" is not a URL.');

  await form.getByLabel("Name").fill("Team hook");
  await form.getByLabel("URL or addresses").fill(webhook.url);
  await form.getByLabel("Signing secret (webhook, optional)").fill("e2e-secret");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("alerts-ok")).toContainText("Added the webhook channel “Team hook”");

  await form.getByLabel("Kind").selectOption("email");
  await form.getByLabel("Name").fill("Leads");
  await form.getByLabel("URL or addresses").fill("lead@acme.test");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("alerts-ok")).toContainText("Added the email channel “Leads”");

  const channels = page.getByTestId("channels-table");
  await channels.locator("tr", { hasText: "Team hook" }).getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("alerts-ok")).toHaveText("Test sent to “Team hook”.");
  await channels.locator("tr", { hasText: "Leads" }).getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("alerts-ok")).toHaveText("Test sent to “Leads”.");
  expect(webhook.received.map((r) => r.json.event)).toEqual(["test"]);
  expect(smtp.received).toHaveLength(1);
});

test("a budget and a rule are set through the page, with clear errors", async ({ page }) => {
  await page.goto("/alerts");
  const rule = page.getByTestId("rule-form");
  await createProjectRule(rule);
  await expect(page.getByTestId("rule-error")).toHaveText("Project proj_e2e has no monthly budget: set one under Budgets first, or give the levels in USD");

  const budget = page.getByTestId("budget-form");
  await budget.getByLabel("Scope").selectOption("project");
  await budget.getByLabel("Which (not for all usage)").fill("proj_e2e");
  await budget.getByLabel("USD a month").fill("100");
  await budget.getByRole("button", { name: "Set budget" }).click();
  await expect(page.getByTestId("alerts-ok")).toHaveText("Project proj_e2e: $100.00 a month.");
  await expect(page.getByTestId("budgets-table")).toContainText("$0.00 of $100.00 (0.0%)");

  await createProjectRule(rule);
  await expect(page.getByTestId("rule-ok")).toContainText("Created the rule “Project e2e budget”");
  const rules = page.getByTestId("rules-table");
  await expect(rules).toContainText("Project proj_e2e");
  await expect(rules).toContainText("100% of $100.00");
  await expect(rules).toContainText("In-app, Team hook, Leads");
  await screenshot(page, "alerts-rule");
});

test("usage that crosses the budget fires exactly once: one firing, one webhook, one mail", async ({ page }) => {
  const file = todaysUsageFile();
  await importThroughPage(page, file);
  await expect(page.getByTestId("import-result")).toContainText("1 new");

  // the banner shows on every page until acknowledged
  await page.goto("/");
  await expect(page.getByTestId("alert-banner")).toContainText("1 open alert: Project e2e budget: Project proj_e2e has spent $120.00");
  await expect(page.getByTestId("scoped-budgets")).toContainText("$120.00 of $100.00 (120.0%)");
  await screenshot(page, "alerts-overview-banner");

  await page.goto("/alerts");
  const history = page.getByTestId("history-table");
  await expect(history.locator("tbody tr")).toHaveCount(1);
  await expect(async () => {
    await page.reload();
    await expect(history.locator("[data-status=sent]")).toHaveCount(2, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(history).toContainText("$120.00");
  await expect(history).toContainText("$100.00");

  expect(alertHooks()).toHaveLength(1);
  const [hook] = alertHooks();
  expect(hook.headers["x-tokentally-signature-256"]).toBe(`sha256=${createHmac("sha256", "e2e-secret").update(hook.body).digest("hex")}`);
  expect(hook.json).toMatchObject({ kind: "actual", value: "120.00", threshold: "100.00", currency: "USD", scope: { kind: "project", value: "proj_e2e" } });
  expect(alertMails()).toHaveLength(1);
  expect(decodeQuotedPrintable(alertMails()[0].raw)).toContain("Project e2e budget: Project proj_e2e has spent $120.00");
  await screenshot(page, "alerts-history");

  // importing the same file again adds nothing, and nothing new fires
  await importThroughPage(page, file);
  await expect(page.getByTestId("import-result")).toContainText("0 new, 0 updated, 1 already there");
  await page.waitForTimeout(1500);
  await page.goto("/alerts");
  await expect(history.locator("tbody tr")).toHaveCount(1);
  expect(alertHooks()).toHaveLength(1);
  expect(alertMails()).toHaveLength(1);
});

test("acknowledging clears the banner; rules, channels and budgets can be removed", async ({ page }) => {
  await page.goto("/usage");
  await page.getByTestId("alert-banner").getByRole("button", { name: "Acknowledge" }).click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.getByTestId("alert-banner")).toHaveCount(0);

  await page.goto("/alerts");
  await expect(page.getByTestId("open-alerts")).toContainText("Nothing needs attention");
  // edit: the form opens with the rule's values and saves changes to the same rule
  await page.getByTestId("rules-table").getByRole("link", { name: "Edit" }).click();
  const form = page.getByTestId("rule-form");
  await expect(form.getByLabel("Name")).toHaveValue("Project e2e budget");
  await expect(form.getByLabel("Which")).toHaveValue("proj_e2e");
  await form.getByLabel("Quiet period (hours, optional)").fill("soon");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByTestId("rule-error")).toHaveText('quiet period "soon" is not a number of hours from 0 to 744');
  await form.getByLabel("Quiet period (hours, optional)").fill("12");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByTestId("rules-table")).toContainText("quiet 12 h after firing");
  await expect(page.getByTestId("rules-table").locator("tbody tr")).toHaveCount(1);
  await page.getByTestId("rules-table").getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("rules-table")).toContainText("disabled");
  await page.getByTestId("rules-table").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("alerts-ok")).toContainText("its alerts stay in the history");
  for (let i = 0; i < 2; i++) await page.getByTestId("channels-table").getByRole("button", { name: "Delete" }).first().click();
  await expect(page.getByTestId("channels-table")).toHaveCount(0);
  await page.getByTestId("budgets-table").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("alerts-ok")).toHaveText("Removed the budget of Project proj_e2e.");
  await expect(page.getByTestId("history-table").locator("tbody tr")).toHaveCount(1);
});
