/**
 * The attendee's side of workshop mode against the real room service (started by
 * playwright.config.ts): the instructor opens a room on loopback; an attendee joins over the "LAN"
 * host name (not a secure context, as at http://192.168.…), runs a Day 1 sandbox and the call
 * reaches the room; offline calls wait and are sent when the network is back; a frozen room and
 * leaving are said plainly. On the static preview (no room service) the page explains instead.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  API_BASE,
  type CreateRoomResponse,
  type RoomSnapshot,
} from "../../shared/workshop/protocol.ts";
import { preferBrowserRunner, run } from "./sandbox-page.ts";
import { watchProblems } from "./site.ts";
import {
  ATTENDEE_ORIGIN,
  INSTRUCTOR_ORIGIN,
  openRoomViaApi,
  roomSnapshot,
} from "./workshop-site.ts";

async function seriousAxe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include("[data-workshop-join]").analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function axeBothThemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => {
      localStorage.setItem("starlight-theme", t);
      document.documentElement.dataset["theme"] = t;
    }, theme);
    found.push(...(await seriousAxe(page)).map((v) => `${theme}: ${v}`));
  }
  return found;
}

function snapshot(request: APIRequestContext, room: CreateRoomResponse): Promise<RoomSnapshot> {
  return roomSnapshot(request, room.room.code, room.adminKey);
}

async function requests(request: APIRequestContext, room: CreateRoomResponse): Promise<number> {
  return (await snapshot(request, room)).totals.requests;
}

async function joinAs(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${ATTENDEE_ORIGIN}/workshop/?room=${code.toLowerCase()}`);
  await expect(page.getByLabel("Room code")).toHaveValue(code);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByRole("heading", { name: /You are in room/ })).toBeFocused();
}

test("the instructor opens a room on their machine and gets the code and the private dashboard link", async ({
  page,
}) => {
  await page.goto(`${INSTRUCTOR_ORIGIN}/workshop/`);
  await page.getByLabel("Room name").fill("Tuesday <b>cohort</b>");
  await page.getByRole("button", { name: "Create a room" }).click();
  const created = page.locator('[data-part="created"]');
  await expect(created).toBeVisible();
  await expect(created).toContainText("Tuesday <b>cohort</b> is open");
  const code = (await page.locator('[data-field="created-code"]').textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  const link = page.getByRole("link", { name: "Open the room's dashboard" });
  expect(await link.getAttribute("href")).toMatch(
    new RegExp(`/workshop/room/#room=${code}&key=[^&]+$`),
  );
  await expect(created).toContainText("keep it private and off the projector");
  expect(await axeBothThemes(page)).toEqual([]);
});

test("an attendee joins over the LAN, and each call from a sandbox reaches the room", async ({
  browser,
  request,
}) => {
  const room = await openRoomViaApi(request, "Join test");
  const context = await browser.newContext();
  const page = await context.newPage();
  await preferBrowserRunner(page);
  const problems = watchProblems(page);

  await page.goto(`${ATTENDEE_ORIGIN}/workshop/?room=${room.room.code}`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

  // Field errors say what to do, and are tied to their fields.
  await page.getByLabel("Room code").fill("K0PQ2M");
  await page.getByRole("button", { name: "Join room" }).click();
  const code = page.getByLabel("Room code");
  await expect(code).toHaveAttribute("aria-invalid", "true");
  await expect(code).toHaveAccessibleDescription(/never use O, 0, I, 1 or L/);
  await expect(code).toBeFocused();
  await expect(page.getByLabel("Your name")).toHaveAccessibleDescription(/Enter your name/);
  expect(await axeBothThemes(page)).toEqual([]);

  await page.getByLabel("Room code").fill(room.room.code);
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByRole("button", { name: "Join room" }).click();
  await expect(page.getByRole("heading", { name: "You are in room Join test" })).toBeFocused();
  await expect(page.locator('[data-field="user-id"]')).toHaveText("ada-lovelace");
  expect(await axeBothThemes(page)).toEqual([]);

  await page.goto(`${ATTENDEE_ORIGIN}/day-1/?latency=0`);
  await expect(page.locator("a.payi-room")).toHaveText(`In room ${room.room.code} as ada-lovelace`);
  const box = page.locator("payi-sandbox").first();
  await run(box);
  await expect.poll(() => requests(request, room), { timeout: 10_000 }).toBeGreaterThan(0);
  const after = await snapshot(request, room);
  expect(after.attendees.map((a) => a.userId)).toEqual(["ada-lovelace"]);
  expect(after.attendees[0]!.requests).toBe(after.totals.requests);

  // Offline: the calls wait in this browser, then go when the network is back.
  const before = after.totals.requests;
  await context.setOffline(true);
  await run(box);
  await page.waitForTimeout(1_000);
  expect(await requests(request, room)).toBe(before);
  await context.setOffline(false);
  await expect
    .poll(() => requests(request, room), { timeout: 15_000 })
    .toBe(before + before /* the same program makes the same calls */);

  await page.goto(`${ATTENDEE_ORIGIN}/workshop/`);
  const status = page.getByRole("status").filter({ hasText: /Connected/ });
  await expect(status).toHaveText("Connected. Every call you made has reached the room.");
  await expect(page.locator('[data-field="sent"]')).toHaveText(String(before * 2));
  await context.close();
  // Offline failures are the browser's, not the page's; over plain http Chromium ignores COOP (and
  // says so), which is why attendees use the in-browser runner. The runner's spare worker loads
  // its modules from blob: URLs in the background; offline emulation or this test's navigation can
  // abort those loads (the next run then starts a fresh worker).
  expect(
    problems.filter(
      (p) =>
        !/ERR_INTERNET_DISCONNECTED|Cross-Origin-Opener-Policy header has been ignored/.test(p) &&
        !/^request failed: blob:.* \(net::ERR_ABORTED\)$/.test(p),
    ),
  ).toEqual([]);
});

test("a frozen room is said plainly, and leaving asks first and stops sending", async ({
  browser,
  request,
}) => {
  const room = await openRoomViaApi(request, "Freeze test");
  const context = await browser.newContext();
  const page = await context.newPage();
  await preferBrowserRunner(page);
  await joinAs(page, room.room.code, "Grace Hopper");

  const frozen = await request.post(
    `${INSTRUCTOR_ORIGIN}${API_BASE}/rooms/${room.room.code}/freeze`,
    { headers: { Authorization: `Bearer ${room.adminKey}` }, data: { frozen: true } },
  );
  expect(frozen.status()).toBe(200);
  const lesson = await context.newPage();
  await lesson.goto(`${ATTENDEE_ORIGIN}/day-1/?latency=0`);
  await run(lesson.locator("payi-sandbox").first());
  await expect(page.locator('[data-field="status-text"]')).toHaveText(
    "The instructor froze the room; calls made now are not sent.",
    { timeout: 10_000 },
  );
  expect(await requests(request, room)).toBe(0);

  page.once("dialog", (dialog) => {
    expect(dialog.type()).toBe("confirm");
    expect(dialog.message()).toContain(`Leave room Freeze test (${room.room.code})?`);
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Leave room…" }).click();
  await expect(page.getByRole("heading", { name: "Join a room" })).toBeVisible();
  await expect(page.getByText(`You left room ${room.room.code}.`)).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem("payi-workshop-membership"))).toBeNull();
  await lesson.reload();
  await expect(lesson.locator("a.payi-room")).toBeHidden();
  await context.close();
});

test("served without the room service, the page explains instead of showing a form", async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto("/workshop/");
  await expect(
    page.getByRole("heading", { name: "Workshop mode is not running here" }),
  ).toBeVisible();
  await expect(page.getByText("npm run workshop").first()).toBeVisible();
  await expect(page.getByLabel("Room code")).toBeHidden();
  await expect(page.getByRole("button", { name: "Create a room" })).toBeHidden();
  expect(await axeBothThemes(page)).toEqual([]);
  expect(problems, "no request to the missing API").toEqual([]);
});
