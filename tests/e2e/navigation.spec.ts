import { expect, test } from "@playwright/test";
import { LANDING, LESSONS, REFERENCE } from "./site.ts";

test("the sidebar lists Day 1 to Day 5 in order", async ({ page }) => {
  await page.goto(LESSONS[2].path);
  const sidebar = page.locator("#starlight__sidebar");
  // Each day's link is its title, then its exercise progress (a badge, and words for screen readers).
  const labels = await sidebar.getByRole("link").allTextContents();
  const days = labels
    .map((l) => l.trim())
    .filter((l) => l.startsWith("Day "))
    .map((l) => l.replace(/\s*(✓ )?\d+\/\d+ \(\d+ of \d+ exercises done\)$/, ""));
  expect(days).toEqual(LESSONS.map((l) => l.title));
  await expect(sidebar.locator('[aria-current="page"]')).toContainText(LESSONS[2].title);
  await expect(sidebar.locator('[aria-current="page"]')).toContainText(
    /\(0 of \d+ exercises done\)$/,
  );
});

test("the sidebar lists the reference pages after the five days, in reading order", async ({
  page,
}) => {
  await page.goto(REFERENCE[0].path);
  const sidebar = page.locator("#starlight__sidebar");
  const hrefs = await sidebar
    .getByRole("link")
    .evaluateAll((links) =>
      links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
    );
  const wanted: string[] = [...LESSONS, ...REFERENCE].map((p) => p.path);
  expect(hrefs.filter((href) => wanted.includes(href))).toEqual(wanted);
  await expect(sidebar.locator('[aria-current="page"]')).toHaveText("Take it to your app");
});

test("next and previous links walk the whole course, then the reference pages", async ({
  page,
}) => {
  // Twenty page loads, lesson pages with their sandboxes among them.
  test.setTimeout(90_000);
  const order = [LANDING.path, ...LESSONS.map((l) => l.path), ...REFERENCE.map((r) => r.path)];
  await page.goto(order[0]!);
  for (const path of order.slice(1)) {
    await page.locator('.pagination-links a[rel="next"]').click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
  }
  await expect(page.locator('.pagination-links a[rel="next"]')).toHaveCount(0);
  for (const path of order.slice(0, -1).reverse()) {
    await page.locator('.pagination-links a[rel="prev"]').click();
    await expect(page).toHaveURL(new RegExp(`${path.replace(/\/$/, "")}/$`));
  }
});

test("the landing page's main action starts Day 1", async ({ page }) => {
  await page.goto(LANDING.path);
  await page.getByRole("link", { name: "Start Day 1" }).click();
  await expect(page).toHaveURL(/\/day-1\/$/);
  await expect(page.locator("h1")).toHaveText(LESSONS[0].title);
});

test("search finds a lesson by a word only its body contains", async ({ page }) => {
  // "upsell" appears only in the body of Day 5 (not in any title or description). ("overrun",
  // the word this test used before, is now in the glossary and the reference pages too.)
  await page.goto(LESSONS[0].path);
  await page.getByRole("button", { name: "Search" }).click();
  const input = page
    .getByRole("dialog", { name: "Search" })
    .getByRole("textbox", { name: "Search" });
  await input.fill("upsell");
  const results = page.locator(".pagefind-ui__result");
  await expect(results).toHaveCount(1);
  const link = results.getByRole("link", { name: LESSONS[4].title });
  await expect(link).toHaveText(LESSONS[4].title);
  await expect(link).toHaveAttribute("href", /\/day-5\/$/);
  await link.click();
  await expect(page).toHaveURL(/\/day-5\/$/);
});
