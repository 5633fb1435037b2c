import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clearMembership,
  hasMembership,
  MEMBERSHIP_KEY,
  parseMembership,
  readMembership,
  saveMembership,
  type Membership,
} from "../../../../src/workshop/attendee/membership.ts";

const ADA: Membership = {
  roomCode: "K7PQ2M",
  roomName: "Tuesday cohort",
  userId: "ada-lovelace",
  displayName: "Ada Lovelace",
  token: "t0ken-abc",
  joinedAt: "2026-11-27T07:00:00.000Z",
};

/** localStorage as the browser has it: strings in, strings out. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

test("a saved membership reads back as it was", () => {
  const store = memoryStorage();
  assert.equal(hasMembership(store), false);
  assert.equal(saveMembership(ADA, store), true);
  assert.deepEqual(readMembership(store), ADA);
  assert.equal(hasMembership(store), true);
  assert.deepEqual(JSON.parse(store.getItem(MEMBERSHIP_KEY)!), ADA);
});

test("clearMembership forgets it", () => {
  const store = memoryStorage();
  saveMembership(ADA, store);
  clearMembership(store);
  assert.equal(readMembership(store), null);
  assert.equal(store.getItem(MEMBERSHIP_KEY), null);
});

test("garbage in storage reads as no membership", () => {
  const cases: unknown[] = [
    "not json{",
    "null",
    "42",
    '"K7PQ2M"',
    "[]",
    JSON.stringify({ ...ADA, token: 7 }),
    JSON.stringify({ ...ADA, token: "" }),
    JSON.stringify({ ...ADA, userId: "" }),
    JSON.stringify({ ...ADA, roomCode: "k7pq2m" }),
    JSON.stringify({ ...ADA, roomCode: "K7PQ2M/../../admin" }),
    JSON.stringify({ ...ADA, roomCode: "O0I1LX" }),
    JSON.stringify((({ joinedAt: _joinedAt, ...rest }) => rest)(ADA)),
  ];
  for (const raw of cases) {
    assert.equal(parseMembership(raw as string), null, `accepted ${String(raw)}`);
    const store = memoryStorage();
    store.setItem(MEMBERSHIP_KEY, raw as string);
    assert.equal(readMembership(store), null);
    assert.equal(hasMembership(store), false);
  }
  assert.equal(parseMembership(null), null);
  assert.equal(parseMembership(""), null);
});

test("only the membership's own fields are kept", () => {
  const parsed = parseMembership(JSON.stringify({ ...ADA, admin: true, __proto__x: 1 }));
  assert.deepEqual(parsed, ADA);
  assert.deepEqual(Object.keys(parsed!).sort(), Object.keys(ADA).sort());
});

test("storage that throws (blocked by the browser) is no membership, and saving says it failed", () => {
  const broken = {
    getItem() {
      throw new Error("SecurityError");
    },
    setItem() {
      throw new Error("QuotaExceededError");
    },
    removeItem() {
      throw new Error("SecurityError");
    },
  } as unknown as Storage;
  assert.equal(readMembership(broken), null);
  assert.equal(saveMembership(ADA, broken), false);
  assert.doesNotThrow(() => clearMembership(broken));
  // No storage at all (Node, or window.localStorage throwing).
  assert.equal(readMembership(undefined), null);
  assert.equal(saveMembership(ADA, undefined), false);
});

test("the sidebar's copy of the key and event (kept out of every page's initial JS) matches", async () => {
  const { readFileSync } = await import("node:fs");
  const { MEMBERSHIP_EVENT } = await import("../../../../src/workshop/attendee/membership.ts");
  const sidebar = readFileSync("src/components/Sidebar.astro", "utf8");
  assert.ok(sidebar.includes(`const MEMBERSHIP_KEY = "${MEMBERSHIP_KEY}";`));
  assert.ok(sidebar.includes(`const MEMBERSHIP_EVENT = "${MEMBERSHIP_EVENT}";`));
});
