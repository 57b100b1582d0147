// Debian's Chromium for the page tests (the conference screen, the example dashboard), driven by
// playwright-core. CI installs it (.ci/run: apt-get install -y chromium). Without the
// background-networking flags Chromium's own connections are refused here and it stalls.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A headless Chromium with a fresh profile (playwright makes a new user-data-dir for each launch). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Collects into `failed` every request of the page that fails or answers 4xx/5xx, and every script error. */
export function watchFailures(page: Page, failed: string[]): Page {
  page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  page.on("requestfailed", (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));
  page.on("pageerror", (e) => failed.push(`page error: ${e.message}`));
  return page;
}
