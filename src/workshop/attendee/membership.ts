/**
 * The learner's place in a workshop room, kept in this browser's localStorage. Lesson pages read it
 * up front (the sidebar line, and the sandbox controller deciding whether to load the forwarder), so
 * this module stays tiny (from the protocol it takes one string).
 *
 * localStorage is per origin: a membership made on the instructor's LAN address is never seen by
 * the course when it is served from anywhere else.
 */
import { ROOM_CODE_PATTERN } from "../../../shared/workshop/protocol.ts";
import { safeLocalStorage } from "../../local-storage.ts";

export const MEMBERSHIP_KEY = "payi-workshop-membership";
/** Dispatched on `window` when this tab saves or clears the membership (`storage` covers other tabs). */
export const MEMBERSHIP_EVENT = "payi-workshop:membership";

export interface Membership {
  roomCode: string;
  roomName: string;
  /** The attendee's room user id ("ada-lovelace"), made by the server from the display name. */
  userId: string;
  displayName: string;
  /** Bearer token for the attendee routes. */
  token: string;
  joinedAt: string;
}

const FIELDS = ["roomCode", "roomName", "userId", "displayName", "token", "joinedAt"] as const;

/** The membership in a stored string; null for anything else (garbage, another shape, old data). */
export function parseMembership(raw: string | null | undefined): Membership | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) if (typeof record[field] !== "string") return null;
  // Checked again so a hand-edited or truncated entry never reaches a URL or a header.
  if (!new RegExp(ROOM_CODE_PATTERN).test(record["roomCode"] as string)) return null;
  if (!record["token"] || !record["userId"]) return null;
  const membership = {} as Record<string, string>;
  for (const field of FIELDS) membership[field] = record[field] as string;
  return membership as unknown as Membership;
}

export function readMembership(store: Storage | undefined = safeLocalStorage()): Membership | null {
  try {
    return parseMembership(store?.getItem(MEMBERSHIP_KEY));
  } catch {
    return null;
  }
}

export function hasMembership(store: Storage | undefined = safeLocalStorage()): boolean {
  return readMembership(store) !== null;
}

function changed(): void {
  try {
    window.dispatchEvent(new Event(MEMBERSHIP_EVENT));
  } catch {
    // No window: nothing to tell.
  }
}

/** Stores the membership; false when the browser refuses (storage disabled or full). */
export function saveMembership(
  membership: Membership,
  store: Storage | undefined = safeLocalStorage(),
): boolean {
  try {
    if (!store) return false;
    const clean = {} as Record<string, string>;
    for (const field of FIELDS) clean[field] = String(membership[field]);
    store.setItem(MEMBERSHIP_KEY, JSON.stringify(clean));
  } catch {
    return false;
  }
  changed();
  return true;
}

export function clearMembership(store: Storage | undefined = safeLocalStorage()): void {
  try {
    store?.removeItem(MEMBERSHIP_KEY);
  } catch {
    // Storage that cannot be written holds nothing to clear either.
  }
  changed();
}
