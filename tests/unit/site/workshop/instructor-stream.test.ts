/**
 * The dashboard's live stream against a fake room service: the `eventsource` package runs for real
 * (Node has fetch, streams and EventTarget); only the fetch it is given is fake.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  classifyFailure,
  parseStreamEvent,
  RoomStream,
  type ConnectionState,
} from "../../../../src/workshop/instructor/stream.ts";
import { csvFileName } from "../../../../shared/workshop/protocol.ts";
import { relativeTime } from "../../../../src/workshop/instructor/room-format.ts";
import {
  isLoopbackHost,
  joinUrl,
  parseJoinOrigin,
} from "../../../../src/workshop/instructor/join-panel.ts";
import type { StreamEvent } from "../../../../shared/workshop/protocol.ts";
import { attendee, call, referenceSnapshot } from "./instructor-fixtures.ts";

const KEY = "admin-key-0123456789abcdef";
const ORIGIN = "http://192.168.1.20:4321";

interface Seen {
  url: string;
  authorization: string | null;
}

type Answer = () => Response | Promise<Response>;

/** A fetch that answers each request with the next answer (the last one repeats). */
function fakeFetch(answers: Answer[]): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    seen.push({ url: String(input), authorization: headers.get("authorization") });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    return answer();
  }) as typeof fetch;
  return { fetch: fetchFn, seen };
}

/** An event stream that sends `messages` and then stays open, as the service's does. */
function eventStream(messages: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const message of messages) controller.enqueue(encoder.encode(message));
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function apiError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

const open: RoomStream[] = [];
afterEach(() => {
  for (const stream of open.splice(0)) stream.close();
});

function follow(answers: Answer[]) {
  const { fetch, seen } = fakeFetch(answers);
  const events: StreamEvent[] = [];
  const states: ConnectionState[] = [];
  const stream = new RoomStream("K7PQ2M", KEY, {
    fetch,
    origin: ORIGIN,
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
  });
  open.push(stream);
  stream.start();
  return { stream, seen, events, states };
}

async function until(check: () => boolean, what: string, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test("the key goes in the Authorization header, never in the URL; events arrive in order", async () => {
  const snapshot = referenceSnapshot([attendee("ana")], [call()]);
  const { seen, events, states } = follow([
    () =>
      eventStream([
        sse("snapshot", snapshot),
        ": ping\n\n",
        sse("calls", { calls: [call({ seq: 2 })] }),
        sse("attendee", attendee("bo")),
        sse("room", { ...snapshot.room, frozen: true }),
      ]),
  ]);
  await until(() => events.length === 4, "four events");
  assert.deepEqual(seen, [
    { url: `${ORIGIN}/api/workshop/rooms/K7PQ2M/stream`, authorization: `Bearer ${KEY}` },
  ]);
  assert.ok(!seen[0]!.url.includes(KEY));
  assert.deepEqual(
    events.map((event) => event.event),
    ["snapshot", "calls", "attendee", "room"],
  );
  assert.deepEqual(states, [{ kind: "live" }]);
});

test("a rejected key stops the stream with the service's own message, without retrying", async () => {
  const { seen, states } = follow([
    () => apiError(401, "unauthorized", "That admin key is not valid for this room."),
  ]);
  await until(() => states.length > 0, "a state");
  assert.deepEqual(states, [
    {
      kind: "stopped",
      reason: "key-rejected",
      message: "That admin key is not valid for this room.",
    },
  ]);
  await sleep(200);
  assert.equal(seen.length, 1);
});

test("a deleted room and a site without the room service stop with their reasons", async () => {
  const gone = follow([() => apiError(404, "room_not_found", "No room has that code.")]);
  const plain = follow([
    () => new Response("<!doctype html><title>Not found</title>", { status: 404 }),
  ]);
  const html = follow([
    () =>
      new Response("<!doctype html>", { status: 200, headers: { "Content-Type": "text/html" } }),
  ]);
  await until(
    () => gone.states.length > 0 && plain.states.length > 0 && html.states.length > 0,
    "three states",
  );
  assert.equal(gone.states[0]!.kind === "stopped" && gone.states[0]!.reason, "room-deleted");
  assert.equal(plain.states[0]!.kind === "stopped" && plain.states[0]!.reason, "service-missing");
  assert.equal(html.states[0]!.kind === "stopped" && html.states[0]!.reason, "service-missing");
});

test("the 'deleted' event stops the stream", async () => {
  const { events, states } = follow([
    () => eventStream([sse("snapshot", referenceSnapshot([], [])), sse("deleted", {})]),
  ]);
  await until(() => states.length === 2, "two states");
  assert.deepEqual(
    events.map((event) => event.event),
    ["snapshot", "deleted"],
  );
  assert.equal(states[1]!.kind === "stopped" && states[1]!.reason, "room-deleted");
});

test("a busy or restarting service is retried until it answers", async () => {
  const snapshot = referenceSnapshot([], []);
  const { seen, states } = follow([
    () => apiError(503, "internal", "The room service is starting."),
    () => eventStream([sse("snapshot", snapshot)]),
  ]);
  await until(() => states.at(-1)?.kind === "live", "live after a retry");
  assert.equal(seen.length, 2);
  assert.equal(states[0]!.kind, "reconnecting");
  assert.match(
    states[0]!.kind === "reconnecting" ? states[0]!.detail : "",
    /The room service is starting\. Trying again in 1 s\./,
  );
});

test("failures are classified: only a wrong key, a missing room or no service stop for good", () => {
  const verdict = (status: number, code: string | null = null, notAStream = false) => {
    const result = classifyFailure(
      { status, error: code ? { code: code as never, message: "msg." } : null, notAStream },
      "K7PQ2M",
    );
    return result.retry ? "retry" : result.reason;
  };
  assert.deepEqual(
    classifyFailure({ status: 403, error: { code: "forbidden", message: "msg." } }, "K7PQ2M"),
    { retry: false, reason: "key-rejected", message: "msg." },
  );
  assert.equal(verdict(401), "key-rejected");
  assert.equal(verdict(404, "room_not_found"), "room-deleted");
  assert.equal(verdict(404), "service-missing");
  assert.equal(verdict(200, null, true), "service-missing");
  assert.equal(verdict(429, "rate_limited"), "retry");
  assert.equal(verdict(502), "retry");
  assert.equal(verdict(400, "invalid_request"), "failed");
});

test("stream messages are checked before use; unknown names and bad data are dropped", () => {
  assert.equal(parseStreamEvent("calls", "{not json"), null);
  assert.equal(parseStreamEvent("calls", '{"calls": 3}'), null);
  assert.equal(parseStreamEvent("snapshot", '{"room": {}}'), null);
  assert.equal(parseStreamEvent("party", "{}"), null);
  assert.deepEqual(parseStreamEvent("deleted", "{}"), { event: "deleted", data: {} });
  assert.equal(parseStreamEvent("attendee", JSON.stringify(attendee("ana")))?.event, "attendee");
});

test("relative times, the CSV name and the join link", () => {
  const now = Date.parse("2026-11-27T10:00:00.000Z");
  const ago = (ms: number) => new Date(now - ms).toISOString();
  assert.equal(relativeTime(null, now), "no calls yet");
  assert.equal(relativeTime(ago(-3000), now), "just now", "a clock a little ahead");
  assert.equal(relativeTime(ago(12_400), now), "12 s ago");
  assert.equal(relativeTime(ago(3 * 60_000 + 5_000), now), "3 min ago");
  assert.equal(relativeTime(ago(2 * 3_600_000), now), "2 h ago");
  assert.equal(
    csvFileName("K7PQ2M", new Date("2026-11-27T10:00:00.000Z")),
    "workshop-K7PQ2M-2026-11-27T10-00-00.csv",
  );
  assert.equal(
    joinUrl("http://192.168.1.20:4321", "/", "K7PQ2M"),
    "http://192.168.1.20:4321/workshop/?room=K7PQ2M",
  );
  assert.ok(isLoopbackHost("localhost"));
  assert.ok(isLoopbackHost("127.0.0.1"));
  assert.ok(isLoopbackHost("[::1]"));
  assert.ok(!isLoopbackHost("192.168.1.20"));
});

test("on a dashboard opened at localhost, the join link uses the network address typed in", () => {
  assert.deepEqual(parseJoinOrigin(" http://192.168.1.20:4400/ "), {
    ok: true,
    origin: "http://192.168.1.20:4400",
  });
  assert.deepEqual(parseJoinOrigin("192.168.1.20:4400"), {
    ok: true,
    origin: "http://192.168.1.20:4400",
  });
  assert.deepEqual(parseJoinOrigin("http://localhost:4400"), { ok: false, problem: "loopback" });
  assert.deepEqual(parseJoinOrigin("127.0.0.1:4400"), { ok: false, problem: "loopback" });
  assert.deepEqual(parseJoinOrigin(""), { ok: false, problem: "invalid" });
  assert.deepEqual(parseJoinOrigin("ftp://192.168.1.20"), { ok: false, problem: "invalid" });
  assert.deepEqual(parseJoinOrigin("not an address"), { ok: false, problem: "invalid" });
});
