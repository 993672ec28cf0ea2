import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3107);
const AUTH_PORT = PORT + 1;
export const E2E_DATABASE_URL = "file:./data/e2e/tokentally.db";
export const AUTH_BASE_URL = `http://127.0.0.1:${AUTH_PORT}`;
export const AUTH_PASSWORD = "correct horse battery staple";
/** e2e/alerts.spec.ts starts an SMTP server here; the e2e server sends its mail to it */
export const E2E_SMTP_PORT = PORT + 20;

const server = (port: number, dir: string, env: Record<string, string> = {}) => ({
  // a fresh database each run, through the real start path (migrate, seed, serve, jobs)
  command: `rm -rf data/${dir} && npm start`,
  url: `http://127.0.0.1:${port}${env.TOKENTALLY_PASSWORD ? "/login" : "/"}`,
  timeout: 180_000,
  reuseExistingServer: false,
  env: {
    PORT: String(port), DATABASE_URL: `file:./data/${dir}/tokentally.db`, TOKENTALLY_INBOX: `data/${dir}/inbox`, TOKENTALLY_UPLOADS: `data/${dir}/uploads`,
    NEXT_TELEMETRY_DISABLED: "1", HOST: "127.0.0.1", ...env,
  },
  stdout: "pipe" as const,
});

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
    { name: "phone", testMatch: /screenshots\.spec\.ts/, use: { ...devices["Pixel 7"], defaultBrowserType: "chromium" } },
  ],
  webServer: [
    server(PORT, "e2e", {
      SMTP_HOST: "127.0.0.1", SMTP_PORT: String(E2E_SMTP_PORT), SMTP_TLS: "none", SMTP_FROM: "Tokentally <alerts@tokentally.test>",
      TOKENTALLY_ALERT_RETRY_BASE_MS: "200", TOKENTALLY_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    }),
    server(AUTH_PORT, "e2e-auth", { TOKENTALLY_PASSWORD: AUTH_PASSWORD }),
  ],
});
