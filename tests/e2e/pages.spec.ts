import { expect, test } from "@playwright/test";
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
