/** Where the browser tests reach the workshop room service (started by playwright.config.ts). */
import { expect, type APIRequestContext } from "@playwright/test";
import {
  API_BASE,
  type CreateRoomResponse,
  type RoomSnapshot,
} from "../../shared/workshop/protocol.ts";

/** The room service serving the same build as the preview server. */
export const WORKSHOP_PORT = Number(process.env["E2E_WORKSHOP_PORT"] ?? 4398);

/**
 * A host name for the room service that is not localhost (Chromium maps it to 127.0.0.1), so pages
 * opened through it are not a secure context, exactly like attendees' pages on
 * http://<LAN address>:4400.
 */
export const LAN_HOST = "workshop.test";

/** The instructor's origin: loopback, where rooms may be created. */
export const INSTRUCTOR_ORIGIN = `http://127.0.0.1:${WORKSHOP_PORT}`;
/** An attendee's origin, over the "LAN" name. */
export const ATTENDEE_ORIGIN = `http://${LAN_HOST}:${WORKSHOP_PORT}`;

/**
 * Opens a room through the API, as the instructor's machine (the test's own requests go to
 * loopback: only the browser maps the LAN name).
 */
export async function openRoomViaApi(
  request: APIRequestContext,
  name: string,
): Promise<CreateRoomResponse> {
  const created = await request.post(`${INSTRUCTOR_ORIGIN}${API_BASE}/rooms`, { data: { name } });
  expect(created.status()).toBe(201);
  return (await created.json()) as CreateRoomResponse;
}

/** The room as the service sees it (its admin snapshot). */
export async function roomSnapshot(
  request: APIRequestContext,
  code: string,
  adminKey: string,
): Promise<RoomSnapshot> {
  const response = await request.get(`${INSTRUCTOR_ORIGIN}${API_BASE}/rooms/${code}`, {
    headers: { Authorization: `Bearer ${adminKey}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as RoomSnapshot;
}
