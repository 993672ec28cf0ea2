// Playwright cannot download its browsers here: e2e runs Debian's Chromium. Install it when missing
// and running as root (CI); otherwise say exactly what to install.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function canSudo(): boolean {
  try {
    execSync("sudo -n true", { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  if (root || canSudo()) {
    const sudo = root ? "" : "sudo -n ";
    console.log(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium package`);
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: "inherit" });
  } else {
    console.error(`[e2e] Chromium is not installed at ${CHROMIUM}. Install it with:\n  sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium binary)`);
    process.exit(1);
  }
}
console.log(`[e2e] using ${CHROMIUM}`);
