import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createAttendeeClient,
  parseRetryAfter,
  RoomApiError,
  type FetchLike,
} from "../../../../src/workshop/room-api.ts";
import type { Membership } from "../../../../src/workshop/attendee/membership.ts";
import { API_BASE, SERVICE_HEADER } from "../../../../shared/workshop/protocol.ts";
import { event } from "../cost-drivers/calls.ts";

const ADA: Membership = {
  roomCode: "K7PQ2M",
  roomName: "Tuesday cohort",
  userId: "ada-lovelace",
  displayName: "Ada Lovelace",
  token: "secret-token",
  joinedAt: "2026-11-27T07:00:00.000Z",
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** A fetch that answers with `reply` and records what it was asked. */
function fakeFetch(reply: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    requests.push({ url, init });
    return reply(url, init);
  };
  return { fetch, requests };
}

async function rejection(promise: Promise<unknown>): Promise<RoomApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RoomApiError, `not a RoomApiError: ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

const MARKED = { [SERVICE_HEADER]: "payi-workshop/1" };

/** The page itself answers (marked by the room service, or not); the API answers `api`. */
function site(marked: boolean, api: () => Response) {
  return fakeFetch((url) =>
    url.startsWith(API_BASE)
      ? api()
      : new Response("<!doctype html>", { status: 200, headers: marked ? MARKED : {} }),
  );
}

test("health: the room service is recognised by its header, then its JSON", async () => {
  const { fetch, requests } = site(true, () => json(200, { service: "payi-workshop", version: 1 }));
  const result = await createAttendeeClient(fetch).health("/workshop/");
  assert.deepEqual(result, { kind: "service", health: { service: "payi-workshop", version: 1 } });
  assert.deepEqual(
    requests.map((request) => [request.init.method ?? "GET", request.url]),
    [
      ["GET", "/workshop/"],
      ["GET", `${API_BASE}/health`],
    ],
  );
});

test("health: a page without the service's header is not asked for the API (no 404 in the console)", async () => {
  const { fetch, requests } = site(false, () =>
    json(200, { service: "payi-workshop", version: 1 }),
  );
  assert.deepEqual(await createAttendeeClient(fetch).health("/workshop/"), { kind: "absent" });
  assert.equal(requests.length, 1);
});

test("health: a 404, an HTML page or another JSON means no room service here", async () => {
  const answers = [
    () =>
      new Response("<!doctype html><title>Not found</title>", {
        status: 404,
        headers: { "content-type": "text/html" },
      }),
    // A static host's fallback page: 200, but HTML.
    () =>
      new Response("<!doctype html><h1>Course</h1>", {
        status: 200,
        headers: { "content-type": "text/html" },
      }),
    () => json(200, { status: "ok" }),
    () => json(200, { service: "payi-workshop", version: 2 }),
    () =>
      new Response("{not json", { status: 200, headers: { "content-type": "application/json" } }),
  ];
  for (const answer of answers) {
    const { fetch } = site(true, answer);
    assert.deepEqual(await createAttendeeClient(fetch).health("/workshop/"), { kind: "absent" });
  }
});

test("health: no answer at all is told apart (the server stopped, or the learner is offline)", async () => {
  const fetch: FetchLike = async () => {
    throw new TypeError("Failed to fetch");
  };
  assert.deepEqual(await createAttendeeClient(fetch).health("/workshop/"), { kind: "unreachable" });
});

test("join posts the display name to the room's attendees route", async () => {
  const joined = {
    room: { code: "K7PQ2M", name: "Tuesday cohort", createdAt: "x", frozen: false },
    attendee: { userId: "ada-lovelace", displayName: "Ada Lovelace", joinedAt: "y" },
    token: "secret-token",
  };
  const { fetch, requests } = fakeFetch(() => json(201, joined));
  assert.deepEqual(await createAttendeeClient(fetch).join("K7PQ2M", "Ada Lovelace"), joined);
  assert.equal(requests[0]!.url, `${API_BASE}/rooms/K7PQ2M/attendees`);
  assert.equal(requests[0]!.init.method, "POST");
  assert.deepEqual(JSON.parse(String(requests[0]!.init.body)), { displayName: "Ada Lovelace" });
});

test("the attendee token goes in the Authorization header, never in the URL", async () => {
  const { fetch, requests } = fakeFetch(() => json(200, { stored: 1, duplicates: 0 }));
  const client = createAttendeeClient(fetch);
  const calls = [
    {
      id: "abcdefgh1234",
      event: event(),
      meta: {
        runId: "r",
        sandboxId: "s",
        lesson: "day-1",
        runner: "browser" as const,
        recordedAt: "t",
      },
    },
  ];
  assert.deepEqual(await client.postCalls(ADA, calls), { stored: 1, duplicates: 0 });
  await client.me(ADA).catch(() => undefined);
  for (const request of requests) {
    assert.ok(!request.url.includes("secret-token"));
    assert.equal(new Headers(request.init.headers).get("authorization"), "Bearer secret-token");
  }
  assert.equal(requests[0]!.url, `${API_BASE}/rooms/K7PQ2M/events`);
  assert.deepEqual(JSON.parse(String(requests[0]!.init.body)), { calls });
  assert.equal(requests[1]!.url, `${API_BASE}/rooms/K7PQ2M/me`);
});

test("createRoom posts the name (or nothing) to the rooms route", async () => {
  const { fetch, requests } = fakeFetch(() =>
    json(201, { room: {}, adminKey: "k", adminPath: "/a", joinPath: "/j" }),
  );
  const client = createAttendeeClient(fetch);
  await client.createRoom("Tuesday");
  await client.createRoom("");
  assert.equal(requests[0]!.url, `${API_BASE}/rooms`);
  assert.deepEqual(JSON.parse(String(requests[0]!.init.body)), { name: "Tuesday" });
  assert.deepEqual(JSON.parse(String(requests[1]!.init.body)), {});
});

test("errors carry the server's code and message", async () => {
  const cases = [
    [400, "invalid_name", "Use a letter or digit in your name."],
    [401, "unauthorized", "Unknown token."],
    [403, "forbidden", "Rooms can only be created on the instructor's machine."],
    [404, "room_not_found", "No room K7PQ2M."],
    [409, "room_full", "The room has 500 attendees."],
    [413, "too_large", "The request is over 256 KB."],
    [423, "room_frozen", "The instructor froze the room."],
    [500, "internal", "Something broke."],
  ] as const;
  for (const [status, code, message] of cases) {
    const { fetch } = fakeFetch(() => json(status, { error: { code, message } }));
    const error = await rejection(createAttendeeClient(fetch).join("K7PQ2M", "Ada"));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    assert.equal(error.offline, false);
    assert.equal(error.retryAfterMs, null);
  }
});

test("429 carries Retry-After in ms (seconds or an HTTP date)", async () => {
  const { fetch } = fakeFetch(() =>
    json(429, { error: { code: "rate_limited", message: "Slow down." } }, { "retry-after": "7" }),
  );
  const error = await rejection(createAttendeeClient(fetch).postCalls(ADA, []));
  assert.equal(error.code, "rate_limited");
  assert.equal(error.retryAfterMs, 7_000);
  const now = Date.parse("2026-11-27T07:00:00Z");
  assert.equal(parseRetryAfter("Fri, 27 Nov 2026 07:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("1.5"), 1_500);
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter("soon"), null);
});

test("an error without the server's JSON (a proxy's page) still gets a code from its status", async () => {
  const cases = [
    [502, "internal"],
    [404, "room_not_found"],
    [423, "room_frozen"],
    [418, "bad_response"],
  ] as const;
  for (const [status, code] of cases) {
    const { fetch } = fakeFetch(
      () =>
        new Response("<html>Bad gateway</html>", {
          status,
          headers: { "content-type": "text/html" },
        }),
    );
    const error = await rejection(createAttendeeClient(fetch).me(ADA));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.match(error.message, new RegExp(`HTTP ${status}`));
  }
});

test("an unknown error code in the body is not trusted: the status decides", async () => {
  const { fetch } = fakeFetch(() => json(409, { error: { code: "weird", message: "?" } }));
  const error = await rejection(createAttendeeClient(fetch).me(ADA));
  assert.equal(error.code, "room_full");
});

test("a 200 that is not JSON is a bad_response, not a success", async () => {
  const { fetch } = fakeFetch(
    () =>
      new Response("<html>captive portal</html>", {
        status: 200,
        headers: { "content-type": "text/html" },
      }),
  );
  const error = await rejection(createAttendeeClient(fetch).postCalls(ADA, []));
  assert.equal(error.code, "bad_response");
  assert.equal(error.status, 200);
});

test("network failures are their own kind: offline, status 0", async () => {
  const fetch: FetchLike = async () => {
    throw new TypeError("Failed to fetch");
  };
  const error = await rejection(createAttendeeClient(fetch).postCalls(ADA, []));
  assert.equal(error.code, "offline");
  assert.equal(error.status, 0);
  assert.equal(error.offline, true);
  assert.match(error.message, /Could not reach the room service/);
});

test("a request that hangs is abandoned after the timeout, as offline", async () => {
  const fetch: FetchLike = (_url, init) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () =>
        reject(new DOMException("aborted", "AbortError")),
      );
    });
  const error = await rejection(createAttendeeClient(fetch, 20).postCalls(ADA, []));
  assert.equal(error.code, "offline");
  assert.match(error.message, /did not answer within/);
});
