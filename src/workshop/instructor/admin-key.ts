/**
 * The admin key: read from the admin link's fragment (`#room=K7PQ2M&key=…`, which browsers never
 * send to a server), kept in this browser per room, and removed from the address bar so it is not
 * projected, bookmarked or shared by accident. Pure apart from the storage and history handed in,
 * so tests drive it with fakes.
 */
import { ROOM_CODE_PATTERN } from "../../../shared/workshop/protocol.ts";

export const ADMIN_KEY_PREFIX = "payi-workshop-admin:";

/** The part of `localStorage` used here (a fake in tests; absent when storage is blocked). */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AdminLink {
  room: string;
  key: string;
}

const ROOM_CODE = new RegExp(ROOM_CODE_PATTERN);
/** Keys are opaque to the page: printable ASCII without spaces, of a sane length. */
const KEY = /^[\x21-\x7e]{8,512}$/;

/** "k7pq2m " → "K7PQ2M"; null when it is not a room code. */
export function normalizeRoomCode(text: string | null | undefined): string | null {
  const code = (text ?? "").trim().toUpperCase();
  return ROOM_CODE.test(code) ? code : null;
}

/**
 * `room=…&key=…` pairs, decoded as URI components. Not URLSearchParams: it turns "+" into a space,
 * and a key may hold a "+".
 */
function pairs(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of text.replace(/^[#?]/, "").split("&")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    try {
      found.set(decodeURIComponent(part.slice(0, at)), decodeURIComponent(part.slice(at + 1)));
    } catch {
      // A malformed escape: this pair is unreadable, the others may not be.
    }
  }
  return found;
}

/** The room (and key, when present) in an admin link's fragment: `#room=K7PQ2M&key=…`. */
export function parseFragment(hash: string): { room: string | null; key: string | null } {
  const found = pairs(hash);
  const key = found.get("key")?.trim() ?? "";
  return { room: normalizeRoomCode(found.get("room")), key: KEY.test(key) ? key : null };
}

/** The room in the page's query (`?room=K7PQ2M`), where the dashboard keeps it once the key is stored. */
export function roomFromSearch(search: string): string | null {
  return normalizeRoomCode(pairs(search).get("room"));
}

export type PastedAdmin = { ok: true; link: AdminLink } | { ok: false; error: string };

/**
 * What the instructor pasted into the "admin link or key" field: the whole admin link (absolute or
 * site-relative), its fragment alone, or the bare key for the room already open.
 */
export function parsePastedAdmin(text: string, currentRoom: string | null): PastedAdmin {
  const input = text.trim();
  if (!input)
    return {
      ok: false,
      error:
        "Paste the admin link that `npm run workshop` printed (it contains #room=…&key=…), or its key.",
    };
  const hashAt = input.indexOf("#");
  // A bare key may hold "/" or "+" (base64), so only these mark a link.
  const looksLikeLink =
    hashAt >= 0 || /room=|key=/i.test(input) || /^(https?:\/\/|\/)/i.test(input);
  if (looksLikeLink) {
    const fragment = parseFragment(hashAt >= 0 ? input.slice(hashAt) : input);
    const query = input.includes("?") ? roomFromSearch(input.slice(input.indexOf("?"))) : null;
    const room = fragment.room ?? query;
    if (!fragment.key)
      return {
        ok: false,
        error: room
          ? `That link has no admin key: it looks like the attendees' join link for room ${room}. ` +
            "Paste the admin link (the one with key= in it)."
          : "That is not an admin link: it has no #room=…&key=… part.",
      };
    if (!room)
      return {
        ok: false,
        error: "That link has a key but no valid room code (6 letters and digits, like K7PQ2M).",
      };
    return { ok: true, link: { room, key: fragment.key } };
  }
  if (!KEY.test(input))
    return {
      ok: false,
      error: "That is not an admin link or key. Keys have no spaces; copy the whole link instead.",
    };
  if (!currentRoom)
    return {
      ok: false,
      error:
        "That looks like a key on its own. Paste the whole admin link: it also holds the room code.",
    };
  return { ok: true, link: { room: currentRoom, key: input } };
}

export function storageName(room: string): string {
  return `${ADMIN_KEY_PREFIX}${room}`;
}

export function readKey(storage: KeyStorage | undefined, room: string): string | null {
  try {
    const key = storage?.getItem(storageName(room)) ?? null;
    return key && KEY.test(key) ? key : null;
  } catch {
    return null;
  }
}

/** False when the browser refused (private mode, storage disabled): the key then lives in memory. */
export function storeKey(storage: KeyStorage | undefined, link: AdminLink): boolean {
  try {
    if (!storage) return false;
    storage.setItem(storageName(link.room), link.key);
    return true;
  } catch {
    return false;
  }
}

export function forgetKey(storage: KeyStorage | undefined, room: string): void {
  try {
    storage?.removeItem(storageName(room));
  } catch {
    // Nothing stored, or storage blocked: either way no key is kept.
  }
}

/** Where the dashboard for `room` lives, without any secret: `/workshop/room/?room=K7PQ2M`. */
export function dashboardPath(base: string, room: string): string {
  const root = base.endsWith("/") ? base : `${base}/`;
  return `${root}workshop/room/?room=${encodeURIComponent(room)}`;
}

export interface AddressBar {
  readonly hash: string;
  readonly search: string;
  replace(path: string): void;
}

export interface StartingPoint {
  room: string | null;
  key: string | null;
  /** The key came from the address bar but could not be kept in storage. */
  unstored: boolean;
}

/**
 * Where the page starts: the admin link's fragment wins (its key is stored and the address bar
 * rewritten to the key-less form), then `?room=` with a key stored earlier.
 */
export function takeAdminLink(
  address: AddressBar,
  storage: KeyStorage | undefined,
  base: string,
): StartingPoint {
  const fragment = parseFragment(address.hash);
  const room = fragment.room ?? roomFromSearch(address.search);
  if (address.hash && address.hash !== "#") {
    // Any fragment goes, even a malformed one: it may still hold (part of) a secret.
    address.replace(
      room ? dashboardPath(base, room) : `${base.replace(/\/?$/, "/")}workshop/room/`,
    );
  }
  if (!room) return { room: null, key: null, unstored: false };
  if (fragment.room === room && fragment.key) {
    const stored = storeKey(storage, { room, key: fragment.key });
    return { room, key: fragment.key, unstored: !stored };
  }
  return { room, key: readKey(storage, room), unstored: false };
}
