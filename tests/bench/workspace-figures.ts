/**
 * Figures for the sandbox workspace's loading (not part of `npm run bench`'s defaults):
 *
 *   1. JavaScript fetched by /day-2/ at 1280x800 (--height to change) without any interaction or scrolling, until the
 *      network is idle (Playwright's "networkidle"), gzip level 9 as the budget counts it;
 *   2. Edit -> editable (`.monaco-editor.focused`) when intent came first: the pointer rests on
 *      Edit until the network is idle, then Edit is clicked (timed in the page).
 *
 *   node tests/bench/workspace-figures.ts --dist dist [--samples 5] [--port 4463]
 *
 * Prints the median and the range of each.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { freshPage, launchBrowser } from "./browser.ts";
import { startPreview } from "./server.ts";

const { values } = parseArgs({
  options: {
    dist: { type: "string", default: "dist" },
    samples: { type: "string", default: "5" },
    port: { type: "string", default: "4463" },
    height: { type: "string", default: "800" },
  },
});
const dist = resolve(values.dist!);
const samples = Number(values.samples);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;

const server = await startPreview(
  { root: resolve("."), dist, source: "existing build" },
  Number(values.port),
);
const browser = await launchBrowser();
try {
  const kbs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { context, page } = await freshPage(browser, server.url);
    await page.setViewportSize({ width: 1280, height: Number(values.height) });
    const urls = new Set<string>();
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === server.url && /\.m?js$/.test(url.pathname)) urls.add(url.pathname);
    });
    await page.goto("/day-2/", { waitUntil: "networkidle" });
    await context.close();
    let gzip = 0;
    for (const path of urls) {
      const file = join(dist, ...path.split("/").filter(Boolean));
      if (existsSync(file)) gzip += gzipSync(readFileSync(file), { level: 9 }).length;
    }
    kbs.push(gzip / 1024);
  }
  console.log(
    `JS fetched without interaction on /day-2/ (gzip KB): median ${median(kbs).toFixed(1)}, range ${range(kbs)} (${kbs.map((k) => k.toFixed(1)).join(", ")})`,
  );

  const editable: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { context, page } = await freshPage(browser, server.url);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/day-2/?latency=0", { waitUntil: "networkidle" });
    const sandbox = page.locator('payi-sandbox[data-sandbox-id="day-2/answer-with-user"]');
    await sandbox.scrollIntoViewIfNeeded();
    await sandbox.locator("[data-action=edit]").hover();
    // Intent came first: the pointer rests on Edit for a few seconds before the click.
    await page.waitForTimeout(3000);
    const ms = await sandbox.evaluate(
      (root) =>
        new Promise<number>((done) => {
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (root.querySelector(".monaco-editor.focused")) {
              observer.disconnect();
              done(performance.now() - started);
            }
          });
          observer.observe(root, { subtree: true, childList: true, attributes: true });
          root.querySelector<HTMLButtonElement>("[data-action=edit]")!.click();
        }),
    );
    editable.push(ms);
    await context.close();
  }
  console.log(
    `Edit -> editable after intent (ms): median ${median(editable).toFixed(0)}, range ${range(editable)} (${editable.map((v) => v.toFixed(0)).join(", ")})`,
  );
} finally {
  await browser.close();
  await server.stop();
}
