import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, defineConfig, devices } from "@playwright/test";
import { LAN_HOST, WORKSHOP_PORT } from "./tests/e2e/workshop-site.ts";
import { CHROMIUM_ARGS, findChromium } from "./tests/support/find-chromium.ts";

/**
 * Port for the test server: not 4321, so a running `npm start`/`npm run dev` is left alone.
 * `E2E_PORT` moves it (two checkouts testing at once).
 */
const PORT = Number(process.env["E2E_PORT"] ?? 4399);

if (!existsSync("dist/index.html")) {
  throw new Error("No built site in dist/. Run `npm run build` before `npm run test:e2e`.");
}

const browser = findChromium({
  playwrightExecutable: () => {
    try {
      return chromium.executablePath();
    } catch {
      return undefined;
    }
  },
});
if (!process.env["TEST_WORKER_INDEX"]) {
  console.log(`Browser for e2e tests: ${browser.path} (${browser.source})`);
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: !!process.env["CI"],
  retries: 0,
  workers: 2,
  // A ceiling, not a pace: every test waits for states. Two workers on a loaded 2-core machine
  // (a cold compile of edited code, Pyodide booting beside it) can take longer than 30 s.
  timeout: 60_000,
  reporter: process.env["CI"] ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: browser.path,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
    },
  },
  // One config, three groups: the site as built, and two components tested alone in a page of
  // their own (the live panel and terminal bundled by esbuild, the editor served by Vite).
  projects: [
    {
      name: "site",
      testIgnore: ["components/**", "editor/**"],
      use: { ...devices["Desktop Chrome"] },
    },
    { name: "components", testDir: "tests/e2e/components", use: { ...devices["Desktop Chrome"] } },
    {
      name: "editor",
      testDir: "tests/e2e/editor",
      // Monaco and its TypeScript worker load cold in every test's context.
      timeout: 60_000,
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  // The built site, served exactly as `npm start` serves it (astro preview, with
  // the cross-origin isolation headers from astro.config.mjs).
  webServer: [
    {
      command: `npm run preview -- --port ${PORT} --host 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Each test opens its own rooms, so one data folder can be kept between runs.
      command: `npm run -s workshop -- --site dist --no-room --host 127.0.0.1 --port ${WORKSHOP_PORT} --attendee-url http://${LAN_HOST}:${WORKSHOP_PORT} --data ${join(tmpdir(), `payi-workshop-e2e-${WORKSHOP_PORT}`)}`,
      url: `http://127.0.0.1:${WORKSHOP_PORT}/api/workshop/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
