/**
 * The screenshots in docs/screenshots/: Day 2 and Day 5 after a run, on a laptop (1280x800) and a
 * phone (390x844, the Output tab and the Calls tab), with the in-browser runner.
 *
 *   node tests/bench/screenshots.ts [--dist dist] [--port 4463]
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { launchBrowser } from "./browser.ts";
import { startPreview } from "./server.ts";

const { values } = parseArgs({
  options: {
    dist: { type: "string", default: "dist" },
    port: { type: "string", default: "4463" },
  },
});
const OUT = resolve("docs/screenshots");
mkdirSync(OUT, { recursive: true });

const SHOTS = [
  { day: "day-2", sandbox: "day-2/header-wins" },
  { day: "day-5", sandbox: "day-5/user-budgets" },
];
const SCREENS = [
  { name: "1280x800", viewport: { width: 1280, height: 800 }, mobile: false },
  { name: "390x844", viewport: { width: 390, height: 844 }, mobile: true },
];

const server = await startPreview(
  { root: resolve("."), dist: resolve(values.dist!), source: "existing build" },
  Number(values.port),
);
const browser = await launchBrowser();
try {
  for (const shot of SHOTS) {
    for (const screen of SCREENS) {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: screen.viewport,
        isMobile: screen.mobile,
        hasTouch: screen.mobile,
        deviceScaleFactor: 1,
      });
      await context.addInitScript(() => {
        try {
          localStorage.setItem("payi-course:runner", "browser");
        } catch {
          // the sandboxed runner frame
        }
      });
      const page = await context.newPage();
      await page.goto(`/${shot.day}/?latency=0`);
      const sandbox = page.locator(`payi-sandbox[data-sandbox-id="${shot.sandbox}"]`);
      await sandbox.scrollIntoViewIfNeeded();
      await sandbox.locator("[data-action=run]").click();
      await page.waitForFunction(
        (id) =>
          document
            .querySelector(`payi-sandbox[data-sandbox-id="${id}"]`)
            ?.getAttribute("data-completed-runs") === "1",
        shot.sandbox,
        { timeout: 30_000 },
      );
      await page.waitForTimeout(800); // rows and terminal painted
      await sandbox.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.evaluate(() => window.scrollBy(0, -70));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${OUT}/${shot.day}-after-run-${screen.name}.png` });
      if (screen.mobile) {
        await sandbox.getByRole("tab", { name: "Calls" }).click();
        await page.waitForTimeout(300);
        await page.screenshot({
          path: `${OUT}/${shot.day}-after-run-${screen.name}-calls-tab.png`,
        });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots in ${OUT}`);
