import { expect, test } from "@playwright/test";
import { LANDING, LESSONS } from "./site.ts";

const PHONE = { width: 390, height: 844 };

test.describe("on a 390px phone", () => {
  test.use({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  for (const { path } of [LANDING, ...LESSONS]) {
    test(`${path} fits the screen without sideways scrolling`, async ({ page }, info) => {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const name = path === "/" ? "landing" : path.replace(/\//g, "");
      await page.screenshot({ path: info.outputPath(`phone-${name}.png`), fullPage: true });
    });
  }

  test("the mobile menu lists the five days", async ({ page }) => {
    await page.goto(LESSONS[0].path);
    await page.getByRole("button", { name: "Menu" }).click();
    const sidebar = page.locator("#starlight__sidebar");
    for (const lesson of LESSONS) {
      await expect(sidebar.getByRole("link", { name: lesson.title })).toBeVisible();
    }
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a lesson shows sidebar, content and table of contents side by side", async ({
    page,
  }, info) => {
    await page.goto(LESSONS[1].path);
    await expect(page.locator("#starlight__sidebar")).toBeVisible();
    await expect(page.locator("starlight-toc")).toBeVisible();
    const content = await page.locator(".sl-markdown-content").boundingBox();
    expect(content?.width ?? 0).toBeGreaterThan(600);
    await page.screenshot({ path: info.outputPath("desktop-day-2.png"), fullPage: true });
  });

  test("the landing page shows the course and its main action above the fold", async ({
    page,
  }, info) => {
    await page.goto(LANDING.path);
    await expect(page.getByRole("link", { name: "Start Day 1" })).toBeInViewport();
    await page.screenshot({ path: info.outputPath("desktop-landing.png"), fullPage: true });
  });
});
