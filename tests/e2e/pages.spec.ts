import { expect, test } from "@playwright/test";
import { preferBrowserRunner, run } from "./sandbox-page.ts";
import { ALL_PAGES, LESSONS, watchProblems } from "./site.ts";

test.describe("every page loads cleanly under COOP/COEP", () => {
  for (const { path, title } of ALL_PAGES) {
    test(`${path} has no console errors or failed requests`, async ({ page }) => {
      const problems = watchProblems(page);
      const response = await page.goto(path, { waitUntil: "load" });
      expect(response?.status()).toBe(200);
      expect(response?.headers()["cross-origin-opener-policy"]).toBe("same-origin");
      expect(response?.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
      await expect(page.locator("h1").first()).toContainText(title);
      // Let idle-time scripts (prefetch, search) settle before judging.
      await page.waitForLoadState("networkidle");
      expect(problems).toEqual([]);
      // One stylesheet linked twice made Chromium restyle the whole page on every later
      // stylesheet (stylesheet-once.ts).
      const links = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map(
          (link) => `${link.href} ${link.media || "all"}`,
        ),
      );
      expect(links.length, "stylesheets linked").toBeGreaterThan(0);
      expect(
        links.filter((link, i) => links.indexOf(link) !== i),
        "linked twice",
      ).toEqual([]);
    });
  }
});

test("a lesson page is cross-origin isolated", async ({ page }) => {
  await page.goto(LESSONS[0].path);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});

test("static assets carry the isolation headers too", async ({ page, request }) => {
  await page.goto(LESSONS[0].path);
  const assets = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((u) => u.startsWith(location.origin)),
  );
  expect(assets.length).toBeGreaterThan(0);
  for (const url of assets) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["cross-origin-resource-policy"], url).toBe("same-origin");
  }
});

test("an unknown address shows the course's 404 page with a way back", async ({ page }) => {
  const response = await page.goto("/no-such-lesson/");
  expect(response?.status()).toBe(404);
  await expect(page.locator("h1").first()).toContainText("404");
  await page.getByRole("link", { name: "Start Day 1" }).click();
  await expect(page).toHaveURL(/\/day-1\/$/);
});

test("a lesson page warms and runs a sandbox without adding a preload or a stylesheet to the page", async ({
  page,
}) => {
  // In Chromium each stylesheet or <link> added to the page after it loaded restyles and lays out
  // the whole page (90-300 ms on Day 2 at 4x CPU): lazy chunks load their JS through the module
  // graph, the first run's CSS comes with the page, and xterm's <style>s stay in its shadow root.
  await page.addInitScript(() => {
    const added: { loaded: boolean; what: string }[] = [];
    let loaded = false;
    document.addEventListener("DOMContentLoaded", () => (loaded = true));
    Object.assign(window, { __added: added });
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLLinkElement)
            added.push({ loaded, what: `${node.rel} ${node.href}` });
          else if (node instanceof HTMLStyleElement) added.push({ loaded, what: "<style>" });
    }).observe(document, { childList: true, subtree: true });
  });
  await preferBrowserRunner(page);
  await page.goto("/day-2/?latency=0");
  await page.waitForLoadState("networkidle");
  const box = page.locator("payi-sandbox").first();
  await box.getByRole("button", { name: "Run", exact: true }).hover();
  await expect(box).toHaveAttribute("data-warm", "true", { timeout: 30_000 });
  await run(box);
  await expect(box.locator(".xterm-rows")).toContainText("Finished");
  const added = await page.evaluate(
    () => (window as unknown as { __added: { loaded: boolean; what: string }[] }).__added,
  );
  // The observer sees the parser's insertions: the page links the terminal's and panel's CSS.
  const parsed = added.filter((entry) => !entry.loaded).map((entry) => entry.what);
  expect(parsed.some((what) => /^stylesheet .*\/live-panel\..*\.css$/.test(what))).toBe(true);
  expect(added.filter((entry) => entry.loaded).map((entry) => entry.what)).toEqual([]);
});
