import { expect, test } from "@playwright/test";
import { preferBrowserRunner } from "./sandbox-page.ts";
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

test("a lesson page loads and warms its sandboxes without putting a module preload into its head", async ({
  page,
}) => {
  // In Chromium each <link> put into the head restyles and lays out the whole page (120-160 ms on
  // Day 2 here): lazy chunks must load their JS through the module graph, not Vite's preloads.
  await page.addInitScript(() => {
    const added: string[] = [];
    Object.assign(window, { __linksAdded: added });
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLLinkElement) added.push(`${node.rel} ${node.href}`);
    }).observe(document, { childList: true, subtree: true });
  });
  await preferBrowserRunner(page);
  await page.goto("/day-2/");
  await page.waitForLoadState("networkidle");
  const box = page.locator("payi-sandbox").first();
  await box.getByRole("button", { name: "Run", exact: true }).hover();
  await expect(box).toHaveAttribute("data-warm", "true", { timeout: 30_000 });
  const added = await page.evaluate(
    () => (window as unknown as { __linksAdded: string[] }).__linksAdded,
  );
  // The warm-up's own CSS (the terminal's) is inserted with its chunk: the observer sees insertions.
  expect(added.some((link) => /^stylesheet .*terminal-view\..*\.css$/.test(link))).toBe(true);
  expect(added.filter((link) => /^(modulepreload|preload) /.test(link))).toEqual([]);
});
