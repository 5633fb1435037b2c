/**
 * The instructor's room dashboard against the real room service (started by playwright.config.ts),
 * opened over the "LAN" host name, so the page is not a secure context, as on a projector laptop
 * reached at http://192.168.…: the admin link's key leaves the address bar; the room shows live
 * with the same figures as the service's snapshot; attendee-chosen names stay text; freeze, CSV,
 * reset and delete work; a wrong key asks for another; projector mode; axe in both themes.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatTokens, formatUsd } from "../../shared/calls/format.ts";
import { API_BASE, type JoinResponse, type RoomSnapshot } from "../../shared/workshop/protocol.ts";
import { sampleForwardedCall, type SampleCall } from "../support/call-event.ts";
import {
  ATTENDEE_ORIGIN,
  INSTRUCTOR_ORIGIN,
  openRoomViaApi,
  roomSnapshot,
} from "./workshop-site.ts";

const HOSTILE = "<img src=x onerror=alert(1)>";

interface Room {
  code: string;
  key: string;
  tokens: Map<string, string>;
}

async function openRoom(request: APIRequestContext, names: string[]): Promise<Room> {
  const { room, adminKey } = await openRoomViaApi(request, "Dashboard test");
  const tokens = new Map<string, string>();
  for (const displayName of names) {
    const joined = await request.post(
      `${INSTRUCTOR_ORIGIN}${API_BASE}/rooms/${room.code}/attendees`,
      {
        data: { displayName },
      },
    );
    expect(joined.status()).toBe(201);
    const body = (await joined.json()) as JoinResponse;
    tokens.set(displayName, body.token);
  }
  return { code: room.code, key: adminKey, tokens };
}

async function post(
  request: APIRequestContext,
  room: Room,
  name: string,
  calls: SampleCall[],
): Promise<number> {
  const response = await request.post(`${INSTRUCTOR_ORIGIN}${API_BASE}/rooms/${room.code}/events`, {
    headers: { Authorization: `Bearer ${room.tokens.get(name)}` },
    data: { calls: calls.map((call) => sampleForwardedCall(call)) },
  });
  return response.status();
}

function snapshot(request: APIRequestContext, room: Room): Promise<RoomSnapshot> {
  return roomSnapshot(request, room.code, room.key);
}

/** Fails the test on any dialog: an attendee's name must never run as markup. */
function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function openDashboard(page: Page, room: Room): Promise<void> {
  await page.goto(`${ATTENDEE_ORIGIN}/workshop/room/#room=${room.code}&key=${room.key}`);
  await expect(page.locator("[data-role=connection]")).toHaveAttribute("data-kind", "live");
}

function figure(page: Page, id: string) {
  return page.locator(`[data-role="figure-${id}"]`);
}

test("the admin link opens the room live; the key leaves the address bar; names stay text", async ({
  page,
  request,
}) => {
  const dialogs = forbidDialogs(page);
  const room = await openRoom(request, ["Ana Souza", HOSTILE, "Zoë O'Neil"]);
  expect(await post(request, room, "Ana Souza", [{}, { costUsd: 0.0002, input: 400 }])).toBe(200);
  expect(
    await post(request, room, HOSTILE, [{ costUsd: 0.00003 }, { costUsd: null }, { status: 429 }]),
  ).toBe(200);

  await openDashboard(page, room);
  await expect(page).toHaveURL(`${ATTENDEE_ORIGIN}/workshop/room/?room=${room.code}`);
  expect(
    await page.evaluate((code) => localStorage.getItem(`payi-workshop-admin:${code}`), room.code),
  ).toBe(room.key);

  // The same figures as the service's own snapshot.
  const before = await snapshot(request, room);
  await expect(figure(page, "requests")).toHaveText(formatTokens(before.totals.requests));
  await expect(figure(page, "spend")).toHaveText(formatUsd(before.totals.spendUsd));
  await expect(figure(page, "unpriced")).toHaveText("1");
  await expect(figure(page, "failed")).toHaveText("1");
  await expect(figure(page, "attendees")).toHaveText("3");

  const attendees = page.getByRole("group", { name: "Attendees" });
  await expect(attendees.getByRole("rowheader", { name: HOSTILE, exact: true })).toBeVisible();
  await expect(attendees.getByRole("rowheader", { name: "Zoë O'Neil" })).toBeVisible();
  await expect(page.locator('[data-workshop-dashboard] img[src="x"]')).toHaveCount(0);
  // The chart draws the name as SVG text, shortened, never as markup.
  await expect(page.locator("[data-role=chart] svg")).toContainText("<img src=x");

  // Live: a new call shows in the feed and the totals within a moment.
  expect(await post(request, room, "Zoë O'Neil", [{ userId: null, useCase: "triage" }])).toBe(200);
  await expect(figure(page, "requests")).toHaveText(formatTokens(before.totals.requests + 1));
  const feed = page.getByRole("group", { name: "Live calls" });
  await expect(feed.getByRole("row").nth(1)).toContainText("Zoë O'Neil");
  await expect(feed.getByRole("row").nth(1)).toContainText("none: unattributed");
  const after = await snapshot(request, room);
  await expect(figure(page, "spend")).toHaveText(formatUsd(after.totals.spendUsd));

  // Attendees join at this page's origin (a LAN address), with a QR code of the same link.
  await expect(page.locator("[data-role=join-url]")).toHaveAttribute(
    "href",
    `${ATTENDEE_ORIGIN}/workshop/?room=${room.code}`,
  );
  await expect(page.locator("[data-role=qr] svg")).toBeVisible();
  await page.getByRole("button", { name: "Copy join link" }).click();
  await expect(page.locator("[data-role=copy-status]")).not.toBeEmpty();
  expect(dialogs).toEqual([]);
});

test("freeze, CSV export, reset and delete, each confirmed as the instructor expects", async ({
  page,
  request,
}) => {
  const room = await openRoom(request, ["Ana", "Bo"]);
  await post(request, room, "Ana", [{}, {}]);
  await post(request, room, "Bo", [{}]);
  await openDashboard(page, room);
  await expect(figure(page, "requests")).toHaveText("3");

  const freeze = page.getByRole("button", { name: "Freeze room" });
  await freeze.click();
  await expect(freeze).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("[data-role=frozen]")).toBeVisible();
  expect(await post(request, room, "Ana", [{}])).toBe(423);
  await freeze.click();
  await expect(freeze).toHaveAttribute("aria-pressed", "false");
  expect(await post(request, room, "Ana", [{}])).toBe(200);
  await expect(figure(page, "requests")).toHaveText("4");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^workshop-${room.code}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.csv$`),
  );
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString("utf8").trim().split(/\r?\n/)).toHaveLength(1 + 4);

  // Reset: cancel changes nothing; confirming deletes the calls and keeps the attendees.
  await page.getByRole("button", { name: "Reset room…" }).click();
  const resetDialog = page.getByRole("dialog", { name: `Reset room ${room.code}?` });
  await expect(resetDialog).toContainText("all 4 calls");
  await resetDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(resetDialog).toBeHidden();
  await expect(figure(page, "requests")).toHaveText("4");
  await page.getByRole("button", { name: "Reset room…" }).click();
  await resetDialog.getByRole("button", { name: "Delete all calls" }).click();
  await expect(resetDialog).toBeHidden();
  await expect(figure(page, "requests")).toHaveText("0");
  await expect(figure(page, "attendees")).toHaveText("2");

  // Delete: only once the room code is typed.
  await page.getByRole("button", { name: "Delete room…" }).click();
  const deleteDialog = page.getByRole("dialog", { name: `Delete room ${room.code}?` });
  const confirm = deleteDialog.getByRole("button", { name: "Delete room" });
  await deleteDialog.getByRole("textbox").fill("ABCDEF");
  await expect(confirm).toBeDisabled();
  await deleteDialog.getByRole("textbox").fill(room.code.toLowerCase());
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole("heading", { name: `Room ${room.code} is gone` })).toBeVisible();
  expect(
    await page.evaluate((code) => localStorage.getItem(`payi-workshop-admin:${code}`), room.code),
  ).toBeNull();
  expect(await post(request, room, "Ana", [{}])).toBe(404);
});

test("keyboard: controls in order, dialogs take focus and give it back, all without a mouse", async ({
  page,
  request,
}) => {
  const room = await openRoom(request, ["Ana"]);
  await post(request, room, "Ana", [{}]);
  await openDashboard(page, room);
  const projector = page.getByRole("button", { name: "Projector mode" });
  await projector.focus();
  for (const name of ["Freeze room", "Export CSV", "Reset room…", "Delete room…"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name })).toBeFocused();
  }

  const reset = page.getByRole("button", { name: "Reset room…" });
  await reset.focus();
  await page.keyboard.press("Enter");
  const resetDialog = page.getByRole("dialog", { name: `Reset room ${room.code}?` });
  await expect(resetDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(resetDialog).toBeHidden();
  await expect(reset).toBeFocused();
  await expect(figure(page, "requests")).toHaveText("1");

  await projector.focus();
  await page.keyboard.press("Space");
  await expect(projector).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Space");
  await expect(projector).toHaveAttribute("aria-pressed", "false");

  await page.getByRole("button", { name: "Delete room…" }).focus();
  await page.keyboard.press("Enter");
  const deleteDialog = page.getByRole("dialog", { name: `Delete room ${room.code}?` });
  await expect(deleteDialog.getByRole("textbox")).toBeFocused();
  await page.keyboard.type(room.code);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(deleteDialog.getByRole("button", { name: "Delete room" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Room ${room.code} is gone` })).toBeVisible();
});

test("a wrong key is refused with the service's reason; pasting the admin link opens the room", async ({
  page,
  request,
}) => {
  const room = await openRoom(request, ["Ana"]);
  await page.goto(`${ATTENDEE_ORIGIN}/workshop/room/#room=${room.code}&key=adm_not-the-right-key`);
  await expect(page).toHaveURL(`${ATTENDEE_ORIGIN}/workshop/room/?room=${room.code}`);
  const alert = page.locator("[data-role=signin-error]");
  await expect(alert).toContainText(`rejected the admin key for room ${room.code}`);
  await expect(alert).toContainText(`That admin key is not the key of room ${room.code}.`);

  const field = page.getByLabel("Admin link or key");
  await field.fill(`${ATTENDEE_ORIGIN}/workshop/?room=${room.code}`);
  await page.getByRole("button", { name: "Open dashboard" }).click();
  await expect(alert).toContainText("join link");

  await field.fill(`http://localhost:4400/workshop/room/#room=${room.code}&key=${room.key}`);
  await page.getByRole("button", { name: "Open dashboard" }).click();
  await expect(page.locator("[data-role=connection]")).toHaveAttribute("data-kind", "live");
  await expect(page).toHaveURL(`${ATTENDEE_ORIGIN}/workshop/room/?room=${room.code}`);
});

test("on a site without the room service the page says so instead of spinning", async ({
  page,
}) => {
  await page.goto("/workshop/room/#room=K7PQ2M&key=adm_0123456789abcdef");
  await expect(page.locator("[data-role=connection]")).toHaveAttribute("data-kind", "stopped");
  await expect(page.locator("[data-role=notices]")).toContainText("not served by the room service");
});

test("projector mode: remembered, without the course header, and offered fullscreen", async ({
  page,
  request,
}) => {
  const room = await openRoom(request, ["Ana"]);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openDashboard(page, room);
  const toggle = page.getByRole("button", { name: "Projector mode" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const before = await figure(page, "requests").evaluate((el) =>
    parseFloat(getComputedStyle(el).fontSize),
  );
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("header.header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Fullscreen" })).toBeVisible();
  const after = await figure(page, "requests").evaluate((el) =>
    parseFloat(getComputedStyle(el).fontSize),
  );
  expect(after).toBeGreaterThan(before * 1.3);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-workshop-projector", "");
  await expect(page.getByRole("button", { name: "Projector mode" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});

for (const theme of ["dark", "light"] as const) {
  test(`no serious or critical axe violations, normal and projector (${theme} theme)`, async ({
    page,
    request,
  }) => {
    const room = await openRoom(request, ["Ana Souza", "Bo"]);
    await post(request, room, "Ana Souza", [{}, { costUsd: null }, { status: 400 }]);
    await page.addInitScript((t) => localStorage.setItem("starlight-theme", t), theme);
    const audit = async (what: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${what}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
    };
    await openDashboard(page, room);
    await expect(page.locator("[data-role=chart] svg")).toBeVisible();
    await audit("dashboard");
    await page.getByRole("button", { name: "Reset room…" }).click();
    await audit("reset dialog");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Projector mode" }).click();
    await audit("projector mode");
    await page.goto(`${ATTENDEE_ORIGIN}/workshop/room/`);
    await expect(page.getByLabel("Admin link or key")).toBeVisible();
    await audit("sign-in form");
  });
}
