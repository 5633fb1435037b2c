/**
 * Browser tests of the code editor alone. They start their own Vite server for a fixture page, so
 * unlike the root playwright.config.ts they need no site build and no preview server:
 *
 *   npx playwright test --config tests/e2e/editor/playwright.config.ts
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
  testMatch: "*.spec.ts",
  outputDir: "../../../test-results/editor",
  forbidOnly: !!process.env["CI"],
  retries: 0,
  workers: 1,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: { executablePath: browser.path, args: [...CHROMIUM_ARGS] },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});
