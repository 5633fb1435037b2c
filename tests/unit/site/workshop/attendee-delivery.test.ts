import assert from "node:assert/strict";
import { test } from "node:test";
import type { CallEvent } from "../../../../shared/calls/event.ts";
import { CALL_ID_PATTERN, makeCallId } from "../../../../src/workshop/attendee/delivery/call-id.ts";
import { createForwarder } from "../../../../src/workshop/attendee/delivery/forwarder.ts";
import {
  backoffDelay,
  type TransportError,
} from "../../../../src/workshop/attendee/delivery/retry.ts";
import type { ForwarderStatus } from "../../../../src/workshop/attendee/delivery/status.ts";
import {
  FROZEN_MESSAGE,
  MAX_QUEUED,
  TIMING,
} from "../../../../src/workshop/attendee/delivery/timing.ts";
import { createMemoryOutbox, type Outbox } from "../../../../src/workshop/attendee/outbox.ts";
import {
  LIMITS,
  type CallOrigin,
  type ForwardedCall,
  type PostCallsResponse,
} from "../../../../shared/workshop/protocol.ts";
import { event } from "../cost-drivers/calls.ts";

const ROOM = "K7PQ2M";
const START = 1_000_000;

function meta(runId = "run-1"): CallOrigin {
  return {
    runId,
    sandboxId: "day-1/first",
    lesson: "day-1",
    runner: "browser",
    recordedAt: "2026-11-27T07:00:00.000Z",
  };
}

/** Lets every pending promise (memory outbox, fake transport) run. */
async function drain(): Promise<void> {
  for (let i = 0; i < 30; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A clock whose timers run only when the test advances time. */
function fakeClock() {
  let now = START;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    clock: {
      now: () => now,
      setTimeout(callback: () => void, ms: number) {
        nextId += 1;
        timers.set(nextId, { at: now + ms, callback });
        return nextId;
      },
      clearTimeout(handle: unknown) {
        timers.delete(handle as number);
      },
    },
    get now() {
      return now;
    },
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      for (let fired = 0; ; fired += 1) {
        // A forwarder that keeps rescheduling itself without time passing is a bug, not a hang.
        if (fired > 10_000) throw new Error("timers keep firing without time passing");
        await drain();
        let due: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
        }
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = target;
      await drain();
    },
  };
}

type Reply =
  PostCallsResponse | TransportError | ((calls: ForwardedCall[]) => Promise<PostCallsResponse>);

function httpError(
  status: number,
  code: string,
  retryAfterMs: number | null = null,
): TransportError {
  return { status, code, message: `server says ${code}.`, retryAfterMs };
}

const OFFLINE: TransportError = {
  status: 0,
  code: "offline",
  message: "fetch failed",
  retryAfterMs: null,
};

/**
 * A forwarder over a memory outbox, a fake clock and a transport that answers from `replies` (then
 * success). Every post is recorded with its time and call ids.
 */
function harness(
  options: { replies?: Reply[]; outbox?: Outbox; online?: boolean; random?: () => number } = {},
) {
  const time = fakeClock();
  const outbox = options.outbox ?? createMemoryOutbox();
  const replies = [...(options.replies ?? [])];
  const posts: { at: number; ids: string[]; seqs: number[] }[] = [];
  const statuses: ForwarderStatus[] = [];
  const ended: string[] = [];
  let online = options.online ?? true;
  const listeners: { on: () => void; off: () => void }[] = [];
  let idCounter = 0;
  const forwarder = createForwarder({
    roomCode: ROOM,
    outbox,
    clock: time.clock,
    random: options.random ?? (() => 1),
    makeId: () => `call-id-${String(++idCounter).padStart(4, "0")}`,
    online: {
      isOnline: () => online,
      subscribe(on, off) {
        const entry = { on, off };
        listeners.push(entry);
        return () => listeners.splice(listeners.indexOf(entry), 1);
      },
    },
    async post(calls) {
      posts.push({
        at: time.now,
        ids: calls.map((call) => call.id),
        seqs: calls.map((call) => call.event.seq),
      });
      const reply = replies.shift() ?? { stored: calls.length, duplicates: 0 };
      if (typeof reply === "function") return reply(calls);
      if ("status" in reply) throw reply;
      return reply;
    },
    onStatus: (status) => statuses.push(status),
    onEnded: (message) => ended.push(message),
  });
  return {
    forwarder,
    outbox,
    time,
    posts,
    statuses,
    ended,
    add(count: number, from = 1, overrides: Partial<CallEvent> = {}) {
      for (let i = 0; i < count; i += 1) {
        forwarder.enqueue(event({ seq: from + i, ...overrides }), meta());
      }
    },
    goOnline() {
      online = true;
      for (const listener of [...listeners]) listener.on();
    },
    goOffline() {
      online = false;
      for (const listener of [...listeners]) listener.off();
    },
  };
}

test("a burst of calls goes out together ~200 ms after the first call", async () => {
  const h = harness();
  h.add(3);
  await h.time.advance(TIMING.firstDelayMs - 1);
  assert.equal(h.posts.length, 0, "nothing is sent before the first delay");
  await h.time.advance(1);
  assert.equal(h.posts.length, 1);
  assert.deepEqual(h.posts[0]!.seqs, [1, 2, 3]);
  assert.equal(h.posts[0]!.at, START + TIMING.firstDelayMs);
  const status = h.forwarder.status();
  assert.equal(status.state, "idle");
  assert.equal(status.sent, 3);
  assert.equal(status.queued, 0);
  assert.equal(await h.outbox.count(ROOM), 0, "sent calls leave the outbox");
  assert.equal((await h.outbox.stats(ROOM)).sent, 3, "the room's count is kept for other tabs");
});

test("posts are at most LIMITS.maxBatch calls and at least 500 ms apart", async () => {
  const h = harness();
  h.add(LIMITS.maxBatch * 2 + 5);
  await h.time.advance(10_000);
  assert.deepEqual(
    h.posts.map((post) => post.ids.length),
    [LIMITS.maxBatch, LIMITS.maxBatch, 5],
  );
  for (let i = 1; i < h.posts.length; i += 1) {
    assert.ok(
      h.posts[i]!.at - h.posts[i - 1]!.at >= TIMING.minIntervalMs,
      `post ${i} came ${h.posts[i]!.at - h.posts[i - 1]!.at} ms after the one before`,
    );
  }
  const seqs = h.posts.flatMap((post) => post.seqs);
  assert.deepEqual(
    seqs,
    [...Array(LIMITS.maxBatch * 2 + 5).keys()].map((i) => i + 1),
    "in order",
  );
  assert.equal(h.forwarder.status().sent, LIMITS.maxBatch * 2 + 5);
});

test("a call made soon after a post waits for the interval instead of going at once", async () => {
  const h = harness();
  h.add(1);
  await h.time.advance(TIMING.firstDelayMs);
  assert.equal(h.posts.length, 1);
  h.add(1, 2);
  await h.time.advance(TIMING.firstDelayMs + 100);
  assert.equal(h.posts.length, 1, "still inside the 500 ms interval");
  await h.time.advance(TIMING.minIntervalMs);
  assert.equal(h.posts.length, 2);
  assert.equal(h.posts[1]!.at - h.posts[0]!.at, TIMING.minIntervalMs);
});

test("a batch stays under LIMITS.maxRequestBytes", async () => {
  const h = harness();
  // ~10 kB events: 100 of them would be ~1 MB, four times the request limit.
  const big = "x".repeat(10_000);
  h.add(60, 1, { warnings: [big] } as Partial<CallEvent>);
  await h.time.advance(20_000);
  assert.ok(h.posts.length >= 3, `split into ${h.posts.length} posts`);
  for (const post of h.posts) assert.ok(post.ids.length * 10_000 < LIMITS.maxRequestBytes);
  assert.equal(h.posts.flatMap((post) => post.ids).length, 60);
});

test("network errors and 5xx back off 1 s, 2 s, 4 s … up to 30 s, then succeed", async () => {
  const replies: Reply[] = [
    OFFLINE,
    OFFLINE,
    httpError(500, "internal"),
    OFFLINE,
    OFFLINE,
    OFFLINE,
    OFFLINE,
  ];
  const h = harness({ replies });
  h.add(2);
  await h.time.advance(5 * 60_000);
  const gaps = h.posts.slice(1).map((post, i) => post.at - h.posts[i]!.at);
  // random() = 1: the full delay each time.
  assert.deepEqual(gaps, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  assert.equal(h.posts.length, 8);
  for (const post of h.posts) assert.deepEqual(post.ids, h.posts[0]!.ids, "the same ids each time");
  const status = h.forwarder.status();
  assert.equal(status.state, "idle");
  assert.equal(status.sent, 2);
  assert.equal(status.lastError, null, "a success clears the retry message");
  assert.equal(status.nextRetryAt, null);
});

test("while retrying, the status says so and when the next attempt is", async () => {
  const h = harness({ replies: [httpError(503, "internal")] });
  h.add(1);
  await h.time.advance(TIMING.firstDelayMs);
  const status = h.forwarder.status();
  assert.equal(status.state, "retrying");
  assert.equal(status.queued, 1);
  assert.equal(status.nextRetryAt, h.time.now + 1_000);
  assert.match(status.lastError ?? "", /HTTP 503/);
});

test("backoff has jitter: between half and all of the doubled delay, never over 30 s", () => {
  assert.equal(
    backoffDelay(0, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(0, () => 1),
    1_000,
  );
  assert.equal(
    backoffDelay(3, () => 0.5),
    6_000,
  );
  assert.equal(
    backoffDelay(10, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(50, () => 0),
    15_000,
  );
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const delay = backoffDelay(attempt, Math.random);
    assert.ok(delay >= 500 && delay <= 30_000, `attempt ${attempt}: ${delay}`);
  }
});

test("429 waits exactly as long as Retry-After says", async () => {
  const h = harness({ replies: [httpError(429, "rate_limited", 7_000)] });
  h.add(1);
  await h.time.advance(TIMING.firstDelayMs);
  assert.equal(h.forwarder.status().state, "retrying");
  assert.equal(h.forwarder.status().nextRetryAt, h.time.now + 7_000);
  await h.time.advance(6_999);
  assert.equal(h.posts.length, 1);
  await h.time.advance(1);
  assert.equal(h.posts.length, 2);
  assert.equal(h.forwarder.status().sent, 1);
});

test("429 without Retry-After falls back to the backoff", async () => {
  const h = harness({ replies: [httpError(429, "rate_limited")] });
  h.add(1);
  await h.time.advance(TIMING.firstDelayMs);
  await h.time.advance(999);
  assert.equal(h.posts.length, 1);
  await h.time.advance(1);
  assert.equal(h.posts.length, 2);
});

test("offline: calls stay queued, and go at once when the browser is back online", async () => {
  const h = harness({ online: false });
  h.add(3);
  await h.time.advance(5_000);
  assert.equal(h.posts.length, 0, "no post while the browser says it is offline");
  assert.equal(h.forwarder.status().state, "offline");
  assert.equal(h.forwarder.status().queued, 3);
  assert.equal(await h.outbox.count(ROOM), 3, "kept in the outbox (survives a reload)");
  h.goOnline();
  await h.time.advance(0);
  assert.equal(h.posts.length, 1, "sent at once on the online event");
  assert.deepEqual(h.posts[0]!.seqs, [1, 2, 3]);
  assert.equal(h.forwarder.status().state, "idle");
});

test("the online event also cuts a long backoff short", async () => {
  const h = harness({ replies: [OFFLINE, OFFLINE, OFFLINE, OFFLINE] });
  h.add(1);
  await h.time.advance(TIMING.firstDelayMs + 1_000 + 2_000 + 4_000);
  assert.equal(h.posts.length, 4);
  assert.ok((h.forwarder.status().nextRetryAt ?? 0) - h.time.now >= 7_000);
  h.goOffline();
  assert.equal(h.forwarder.status().state, "offline");
  h.goOnline();
  await h.time.advance(0);
  assert.equal(h.posts.length, 5);
  assert.equal(h.forwarder.status().sent, 1);
});

test("calls queued by an earlier page are sent when the forwarder starts", async () => {
  const outbox = createMemoryOutbox();
  const first = harness({ outbox, online: false });
  first.add(4);
  await first.time.advance(1_000);
  first.forwarder.stop();
  assert.equal(await outbox.count(ROOM), 4);

  const second = harness({ outbox });
  await second.forwarder.start();
  await second.time.advance(TIMING.firstDelayMs);
  assert.equal(second.posts.length, 1);
  assert.deepEqual(second.posts[0]!.seqs, [1, 2, 3, 4]);
  assert.equal(await outbox.count(ROOM), 0);
});

test("a call is never sent again after a success, even when its removal from the outbox failed", async () => {
  const memory = createMemoryOutbox();
  let failRemoval = true;
  const outbox: Outbox = {
    ...memory,
    async remove(keys, roomCode, settlement) {
      if (failRemoval && keys.length > 0) {
        failRemoval = false;
        throw new Error("disk hiccup");
      }
      return memory.remove(keys, roomCode, settlement);
    },
  };
  const h = harness({ outbox });
  h.add(2);
  await h.time.advance(TIMING.firstDelayMs);
  assert.equal(h.posts.length, 1);
  h.add(1, 3);
  await h.time.advance(60_000);
  const ids = h.posts.flatMap((post) => post.ids);
  assert.equal(new Set(ids).size, ids.length, `no id sent twice: ${ids.join(", ")}`);
  assert.deepEqual(
    h.posts.flatMap((post) => post.seqs),
    [1, 2, 3],
  );
  assert.equal(await outbox.count(ROOM), 0);
});

test("calls made while a post is in flight go in the next post, not twice", async () => {
  let release: (() => void) | undefined;
  const slow: Reply = (calls) =>
    new Promise((resolve) => {
      release = () => resolve({ stored: calls.length, duplicates: 0 });
    });
  const h = harness({ replies: [slow] });
  h.add(2);
  await h.time.advance(TIMING.firstDelayMs);
  assert.equal(h.posts.length, 1);
  assert.equal(h.forwarder.status().state, "sending");
  h.add(2, 3);
  await h.time.advance(2_000);
  assert.equal(h.posts.length, 1, "one post at a time");
  release!();
  await h.time.advance(TIMING.minIntervalMs);
  assert.deepEqual(
    h.posts.map((post) => post.seqs),
    [
      [1, 2],
      [3, 4],
    ],
  );
});

for (const [status, code, pattern] of [
  [400, "invalid_request", /refused them \(HTTP 400\)/],
  [413, "too_large", /too large/],
  [409, "room_full", /The room is full/],
] as const) {
  test(`${status} ${code}: the batch is dropped with a notice, and later calls are still sent`, async () => {
    const h = harness({ replies: [httpError(status, code)] });
    h.add(3);
    await h.time.advance(TIMING.firstDelayMs);
    let current = h.forwarder.status();
    assert.equal(current.dropped, 3);
    assert.equal(current.queued, 0, "not retried: bad data does not get better");
    assert.match(current.lastError ?? "", pattern);
    assert.match(current.lastError ?? "", /3 calls were not sent/);
    assert.equal((await h.outbox.stats(ROOM)).dropped, 3);
    h.add(1, 4);
    await h.time.advance(2_000);
    assert.equal(h.posts.length, 2);
    assert.deepEqual(h.posts[1]!.seqs, [4]);
    current = h.forwarder.status();
    assert.equal(current.sent, 1);
    assert.match(current.lastError ?? "", pattern, "the notice about lost calls stays");
  });
}

test("423 room_frozen: calls are dropped and the status says the room is frozen, until a send works", async () => {
  const h = harness({ replies: [httpError(423, "room_frozen"), httpError(423, "room_frozen")] });
  h.add(2);
  await h.time.advance(TIMING.firstDelayMs);
  let status = h.forwarder.status();
  assert.equal(status.state, "frozen");
  assert.equal(status.lastError, FROZEN_MESSAGE);
  assert.equal(status.dropped, 2);
  assert.equal(status.queued, 0);
  assert.equal((await h.outbox.stats(ROOM)).frozen, true, "other tabs see the freeze too");
  h.add(1, 3);
  await h.time.advance(1_000);
  assert.equal(h.forwarder.status().state, "frozen");
  assert.equal(h.forwarder.status().dropped, 3);
  // The instructor unfreezes: the next call goes through.
  h.add(1, 4);
  await h.time.advance(1_000);
  status = h.forwarder.status();
  assert.equal(status.state, "idle");
  assert.equal(status.sent, 1);
  assert.equal(status.lastError, null);
  assert.equal((await h.outbox.stats(ROOM)).frozen, false);
  assert.equal(h.posts.length, 3, "dropped calls are never retried");
});

for (const [status, code] of [
  [401, "unauthorized"],
  [403, "forbidden"],
  [404, "room_not_found"],
] as const) {
  test(`${status} ${code}: the membership is over: sending stops and the room's queue is cleared`, async () => {
    const outbox = createMemoryOutbox();
    await outbox.add([
      {
        roomCode: "ZZZZZZ",
        call: { id: "other-room-call", event: event(), meta: meta() },
        bytes: 10,
      },
    ]);
    const h = harness({ outbox, replies: [httpError(status, code)] });
    h.add(3);
    await h.time.advance(TIMING.firstDelayMs);
    const current = h.forwarder.status();
    assert.equal(current.state, "ended");
    assert.equal(current.queued, 0);
    assert.equal(h.ended.length, 1, "the page is told once");
    assert.match(h.ended[0]!, /Join .*again/);
    assert.equal(await outbox.count(ROOM), 0);
    h.add(2, 10);
    await h.time.advance(60_000);
    assert.equal(h.posts.length, 1, "nothing more is sent");
    assert.equal(await outbox.count(ROOM), 0, "nor queued");
  });
}

test("calls of a room the learner left are dropped when a forwarder starts", async () => {
  const outbox = createMemoryOutbox();
  await outbox.add([
    {
      roomCode: "ABCDEF",
      call: { id: "old-room-call-1", event: event(), meta: meta() },
      bytes: 10,
    },
    { roomCode: ROOM, call: { id: "this-room-call-1", event: event(), meta: meta() }, bytes: 10 },
  ]);
  const h = harness({ outbox });
  await h.forwarder.start();
  await h.time.advance(1_000);
  assert.equal(await outbox.count("ABCDEF"), 0);
  assert.deepEqual(
    h.posts.map((post) => post.ids),
    [["this-room-call-1"]],
  );
});

test("a call over LIMITS.maxEventBytes is dropped at once with a notice, not sent", async () => {
  const h = harness();
  h.add(1, 1, { warnings: ["y".repeat(LIMITS.maxEventBytes + 1)] } as Partial<CallEvent>);
  h.add(1, 2);
  await h.time.advance(1_000);
  assert.deepEqual(
    h.posts.map((post) => post.seqs),
    [[2]],
  );
  const status = h.forwarder.status();
  assert.equal(status.dropped, 1);
  assert.match(status.lastError ?? "", /too large to send/);
  assert.equal((await h.outbox.stats(ROOM)).dropped, 1);
});

test("past MAX_QUEUED waiting calls, new calls are dropped instead of filling the disk", async () => {
  const h = harness({ online: false });
  h.add(MAX_QUEUED + 3);
  await h.time.advance(100);
  const status = h.forwarder.status();
  assert.equal(status.queued, MAX_QUEUED);
  assert.equal(status.dropped, 3);
  assert.equal(await h.outbox.count(ROOM), MAX_QUEUED);
});

test("enqueue returns at once and never throws, even for events that cannot be serialized", () => {
  const h = harness();
  const circular = event() as CallEvent & { self?: unknown };
  circular.self = circular;
  assert.doesNotThrow(() => h.forwarder.enqueue(circular, meta()));
  assert.doesNotThrow(() => h.forwarder.enqueue(event(), null as unknown as CallOrigin));
});

test("each call gets its own id, made for the protocol's pattern", async () => {
  const h = harness();
  h.add(3);
  await h.time.advance(1_000);
  const ids = h.posts[0]!.ids;
  assert.equal(new Set(ids).size, 3);
});

test("makeCallId: 22 characters of [A-Za-z0-9_-] from crypto.getRandomValues", () => {
  let calls = 0;
  const id = makeCallId((bytes) => {
    calls += 1;
    bytes.fill(255);
    return bytes;
  });
  assert.equal(calls, 1, "uses the random source it is given");
  assert.equal(id, "-".repeat(22), "byte 255 maps to the last character of the alphabet");
  const ids = new Set<string>();
  for (let i = 0; i < 2_000; i += 1) {
    const made = makeCallId();
    assert.match(made, CALL_ID_PATTERN);
    assert.match(made, /^[A-Za-z0-9_-]{8,64}$/);
    ids.add(made);
  }
  assert.equal(ids.size, 2_000, "no collisions");
  // Without any crypto object (very old browsers), ids are still made.
  assert.match(makeCallId(undefined), CALL_ID_PATTERN);
});

test("the forwarder's sources use no secure-context-only API (plain http on the LAN)", async () => {
  const { readFileSync } = await import("node:fs");
  for (const file of [
    "src/workshop/attendee/delivery/call-id.ts",
    "src/workshop/attendee/delivery/forwarder.ts",
    "src/workshop/attendee/delivery/outbox-writer.ts",
    "src/workshop/attendee/delivery/retry.ts",
    "src/workshop/attendee/delivery/schedule.ts",
    "src/workshop/attendee/delivery/send-loop.ts",
    "src/workshop/attendee/delivery/status.ts",
    "src/workshop/attendee/delivery/timing.ts",
    "src/workshop/attendee/room-sink.ts",
    "src/workshop/attendee/outbox.ts",
    "src/workshop/room-api.ts",
    "src/workshop/attendee/membership.ts",
    "src/workshop/attendee/join-page.ts",
    "src/workshop/attendee/join-advice.ts",
    "src/workshop/attendee/join-markup.ts",
    "src/workshop/attendee/status-panel.ts",
    "src/workshop/attendee/host-panel.ts",
  ]) {
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const api of ["randomUUID", "navigator.locks", "navigator.clipboard", "crypto.subtle"]) {
      assert.ok(!source.includes(api), `${file} uses ${api}`);
    }
  }
});

test("refresh shows another tab's calls and counts but leaves sending them to that tab", async () => {
  const outbox = createMemoryOutbox();
  const other = harness({ outbox, online: false });
  other.add(2);
  await other.time.advance(100);
  await outbox.note(ROOM, { sent: 5 });

  const here = harness({ outbox });
  await here.forwarder.refresh();
  assert.equal(here.forwarder.status().queued, 2);
  assert.equal(here.forwarder.status().sent, 5);
  await here.time.advance(5_000);
  assert.equal(here.posts.length, 0, "refresh sends nothing");
  await here.forwarder.start();
  await here.time.advance(TIMING.firstDelayMs);
  assert.equal(here.posts.length, 1, "start picks up what is queued");
});
