/**
 * Workshop mode end to end, as in a room: one instructor (dashboard on the laptop, loopback) and
 * two attendees (their own browser contexts, over the "LAN" host name, so not a secure context).
 * Each attendee joins, runs a Day 2 sandbox, and the dashboard shows the call within a second of
 * the attendee's own live panel showing it. The service under test is the real room service
 * (playwright.config.ts starts `npm run workshop` on the built site).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { preferBrowserRunner, run } from "./sandbox-page.ts";
import {
  ATTENDEE_ORIGIN,
  INSTRUCTOR_ORIGIN,
  openRoomViaApi,
  roomSnapshot,
} from "./workshop-site.ts";

/** The dashboard's figure for an attendee: the Requests cell of their row (0 when not listed). */
function dashboardRequests(page: Page, userId: string): Promise<number> {
  return page.evaluate((id) => {
    for (const row of document.querySelectorAll("[data-role=attendees] tbody tr")) {
      const cells = row.querySelectorAll("td, th");
      if (cells[1]?.textContent?.trim() === id) return Number(cells[2]?.textContent ?? 0);
    }
    return 0;
  }, userId);
}

/*
 * The two watchers below resolve with the time (ms since epoch, this machine's clock) at which a
 * page first shows the expected count, checked every 20 ms inside the page.
 */

/**
 * An attendee's page: a row in the first sandbox's "Calls, in order" table that was not there
 * before (a new run replaces the rows of the last one, so counting them would not do).
 */
async function whenPanelShowsNewCall(page: Page): Promise<number> {
  await page.evaluate(() => {
    for (const row of document.querySelectorAll(
      "payi-sandbox [data-role=panel] .payi-dt__body > tr",
    ))
      row.setAttribute("data-test-seen", "");
  });
  const handle = await page.waitForFunction(
    () => {
      const box = document.querySelector("payi-sandbox");
      // The calls grid ("Calls, in order") is the panel's only data table.
      return box?.querySelector("[data-role=panel] .payi-dt__body > tr:not([data-test-seen])")
        ? Date.now()
        : false;
    },
    undefined,
    { polling: 20, timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** The dashboard: the Requests cell of the attendee's row. */
async function whenDashboardShows(page: Page, userId: string, calls: number): Promise<number> {
  const handle = await page.waitForFunction(
    ({ id, atLeast }) => {
      for (const row of document.querySelectorAll("[data-role=attendees] tbody tr")) {
        const cells = row.querySelectorAll("td, th");
        if (cells[1]?.textContent?.trim() === id)
          return Number(cells[2]?.textContent ?? 0) >= atLeast ? Date.now() : false;
      }
      return false;
    },
    { id: userId, atLeast: calls },
    { polling: 20, timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function attendee(browser: Browser, joinLink: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await preferBrowserRunner(page);
  await page.goto(joinLink);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByRole("heading", { name: /You are in room/ })).toBeFocused();
  const userId = (await page.locator('[data-field="user-id"]').textContent())?.trim() ?? "";
  await page.goto(`${ATTENDEE_ORIGIN}/day-2/?latency=0`);
  return { context, page, userId };
}

// The delivery schedule (~200 ms after a call, posts 500 ms apart) is proven with a fake clock in
// tests/unit/site/workshop/attendee-delivery.test.ts; here the delay is a printed figure, since a
// loaded 2-core machine stretches it past any fixed bound while the product is fine.
test("two attendees' runs appear on the instructor's dashboard, each call counted (delay printed)", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const room = await openRoomViaApi(request, "Three browsers");

  const instructor = await browser.newContext();
  const dashboard = await instructor.newPage();
  await dashboard.goto(`${INSTRUCTOR_ORIGIN}${room.adminPath}`);
  await expect(dashboard.locator("[data-role=connection]")).toHaveAttribute("data-kind", "live");
  expect(dashboard.url()).not.toContain(room.adminKey);
  // The dashboard is on loopback; its join link is the attendees' address the service announced.
  const joinLink = dashboard.locator("[data-role=join-url]");
  const expectedJoin = `${ATTENDEE_ORIGIN}/workshop/?room=${room.room.code}`;
  await expect(joinLink).toHaveAttribute("href", expectedJoin);
  await expect(dashboard.locator("[data-role=qr] svg")).toBeVisible();

  const ada = await attendee(browser, expectedJoin, "Ada Lovelace");
  const grace = await attendee(browser, expectedJoin, "Grace Hopper");
  expect([ada.userId, grace.userId]).toEqual(["ada-lovelace", "grace-hopper"]);
  // Joins show up before any call.
  await expect(dashboard.locator("[data-role=attendees] tbody tr")).toHaveCount(2);

  const delays: number[] = [];
  for (const person of [ada, grace, ada]) {
    const before = await dashboardRequests(dashboard, person.userId);
    // Both watchers start before Run, so neither misses the moment.
    const onPanel = whenPanelShowsNewCall(person.page);
    const onDashboard = whenDashboardShows(dashboard, person.userId, before + 1);
    await run(person.page.locator("payi-sandbox").first());
    delays.push((await onDashboard) - (await onPanel));
  }
  console.log(`panel -> dashboard delays: ${delays.map((d) => `${d} ms`).join(", ")}`);

  // Every call each attendee's panel showed is on the dashboard, and the service agrees.
  const snapshot = await roomSnapshot(request, room.room.code, room.adminKey);
  for (const person of [ada, grace]) {
    const stored = snapshot.attendees.find((row) => row.userId === person.userId)?.requests;
    await expect.poll(() => dashboardRequests(dashboard, person.userId)).toBe(stored);
  }
  expect(snapshot.totals.requests).toBeGreaterThanOrEqual(3);
  await expect(dashboard.locator("[data-role=feed] tbody tr")).toHaveCount(
    Math.min(snapshot.totals.requests, 50),
  );

  const axe = await new AxeBuilder({ page: dashboard }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);

  for (const context of [instructor, ada.context, grace.context]) await context.close();
});
