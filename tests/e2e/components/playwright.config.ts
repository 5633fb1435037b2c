/**
 * Runs only the component specs, without the built site or its preview server:
 * `npx playwright test -c tests/e2e/components/playwright.config.ts`.
 * The repository's playwright.config.ts runs these specs too, with the rest of the e2e suite.
 */
import { chromium, defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../support/find-chromium.ts";

const browser = findChromium({
  playwrightExecutable: () => {
    try {
      return chromium.executablePath();
    } catch {
      return undefined;
    }
  },
});

export default defineConfig({
  testDir: ".",
  outputDir: "../../../test-results/components",
  fullyParallel: true,
  forbidOnly: !!process.env["CI"],
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: { executablePath: browser.path, args: [...CHROMIUM_ARGS] },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});
