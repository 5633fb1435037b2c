import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dashboardPath,
  forgetKey,
  normalizeRoomCode,
  parseFragment,
  parsePastedAdmin,
  readKey,
  roomFromSearch,
  storeKey,
  takeAdminLink,
  type AddressBar,
  type KeyStorage,
} from "../../../../src/workshop/instructor/admin-key.ts";

const KEY = "s3cr3t-Key_0123456789abcdef+/xyz";

class FakeStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Storage that refuses everything, as in a locked-down private window. */
class BlockedStorage implements KeyStorage {
  getItem(): string | null {
    throw new DOMException("blocked", "SecurityError");
  }
  setItem(): void {
    throw new DOMException("quota", "QuotaExceededError");
  }
  removeItem(): void {
    throw new DOMException("blocked", "SecurityError");
  }
}

function address(hash: string, search = ""): AddressBar & { replaced: string[] } {
  const replaced: string[] = [];
  return { hash, search, replaced, replace: (path) => replaced.push(path) };
}

test("room codes: trimmed and upper-cased; look-alike characters and wrong lengths rejected", () => {
  assert.equal(normalizeRoomCode(" k7pq2m "), "K7PQ2M");
  assert.equal(normalizeRoomCode("K7PQ2O"), null, "O is not in the alphabet");
  assert.equal(normalizeRoomCode("K7PQ2"), null);
  assert.equal(normalizeRoomCode(null), null);
});

test("the fragment gives the room and the key; '+' in a key stays a '+'", () => {
  assert.deepEqual(parseFragment(`#room=K7PQ2M&key=${encodeURIComponent(KEY)}`), {
    room: "K7PQ2M",
    key: KEY,
  });
  assert.deepEqual(parseFragment("#key=abc+def12345&room=k7pq2m"), {
    room: "K7PQ2M",
    key: "abc+def12345",
  });
  assert.deepEqual(parseFragment("#room=K7PQ2M"), { room: "K7PQ2M", key: null });
  assert.deepEqual(parseFragment("#room=NOPE&key=%E0%A4%A"), { room: null, key: null });
  assert.deepEqual(parseFragment(""), { room: null, key: null });
  assert.equal(roomFromSearch("?room=k7pq2m&x=1"), "K7PQ2M");
  assert.equal(roomFromSearch("?x=1"), null);
});

test("opening the admin link stores the key per room and takes it out of the address bar", () => {
  const storage = new FakeStorage();
  const bar = address(`#room=K7PQ2M&key=${encodeURIComponent(KEY)}`);
  const start = takeAdminLink(bar, storage, "/");
  assert.deepEqual(start, { room: "K7PQ2M", key: KEY, unstored: false });
  assert.equal(storage.getItem("payi-workshop-admin:K7PQ2M"), KEY);
  assert.deepEqual(bar.replaced, ["/workshop/room/?room=K7PQ2M"]);
  assert.ok(!bar.replaced[0]!.includes(KEY));
});

test("coming back to ?room=CODE uses the stored key; another room has none", () => {
  const storage = new FakeStorage();
  storeKey(storage, { room: "K7PQ2M", key: KEY });
  const back = address("", "?room=K7PQ2M");
  assert.deepEqual(takeAdminLink(back, storage, "/"), {
    room: "K7PQ2M",
    key: KEY,
    unstored: false,
  });
  assert.deepEqual(back.replaced, [], "nothing to hide, so the address is left alone");
  assert.deepEqual(takeAdminLink(address("", "?room=ABCDEF"), storage, "/"), {
    room: "ABCDEF",
    key: null,
    unstored: false,
  });
  forgetKey(storage, "K7PQ2M");
  assert.equal(readKey(storage, "K7PQ2M"), null);
});

test("a fragment is always removed, even one without a usable key", () => {
  const bar = address("#room=K7PQ2M&key=short");
  assert.deepEqual(takeAdminLink(bar, new FakeStorage(), "/course/"), {
    room: "K7PQ2M",
    key: null,
    unstored: false,
  });
  assert.deepEqual(bar.replaced, ["/course/workshop/room/?room=K7PQ2M"]);
  const junk = address("#key=abcdefghijkl");
  assert.deepEqual(takeAdminLink(junk, new FakeStorage(), "/"), {
    room: null,
    key: null,
    unstored: false,
  });
  assert.deepEqual(junk.replaced, ["/workshop/room/"]);
});

test("blocked storage: the key still works for this visit, and the page is told it is not kept", () => {
  const bar = address(`#room=K7PQ2M&key=${KEY}`);
  assert.deepEqual(takeAdminLink(bar, new BlockedStorage(), "/"), {
    room: "K7PQ2M",
    key: KEY,
    unstored: true,
  });
  assert.equal(readKey(new BlockedStorage(), "K7PQ2M"), null);
  assert.doesNotThrow(() => forgetKey(new BlockedStorage(), "K7PQ2M"));
  assert.equal(takeAdminLink(address("", "?room=K7PQ2M"), undefined, "/").key, null);
});

test("pasting: the whole admin link, a site-relative one, or a bare key for the open room", () => {
  const link = `http://192.168.1.20:4321/workshop/room/#room=K7PQ2M&key=${encodeURIComponent(KEY)}`;
  assert.deepEqual(parsePastedAdmin(`  ${link}\n`, null), {
    ok: true,
    link: { room: "K7PQ2M", key: KEY },
  });
  assert.deepEqual(parsePastedAdmin(`/workshop/room/#room=ABCDEF&key=${KEY}`, "K7PQ2M"), {
    ok: true,
    link: { room: "ABCDEF", key: KEY },
  });
  assert.deepEqual(parsePastedAdmin(KEY, "K7PQ2M"), {
    ok: true,
    link: { room: "K7PQ2M", key: KEY },
  });
});

test("pasting the wrong thing says what is wrong", () => {
  const error = (text: string, room: string | null = null) => {
    const result = parsePastedAdmin(text, room);
    assert.equal(result.ok, false, text);
    return result.ok ? "" : result.error;
  };
  assert.match(error(""), /Paste the admin link/);
  assert.match(
    error("http://192.168.1.20:4321/workshop/?room=K7PQ2M"),
    /join link for room K7PQ2M/,
  );
  assert.match(error(KEY), /key on its own/);
  assert.match(error("not a key at all", "K7PQ2M"), /not an admin link or key/);
  assert.match(error(`#room=NOPE12&key=${KEY}`), /no valid room code/);
});

test("the dashboard's address never holds the key", () => {
  assert.equal(dashboardPath("/", "K7PQ2M"), "/workshop/room/?room=K7PQ2M");
  assert.equal(dashboardPath("/course", "K7PQ2M"), "/course/workshop/room/?room=K7PQ2M");
});
