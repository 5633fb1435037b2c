/**
 * The room API client as the dashboard uses it, and the two places where the dashboard and the
 * attendee read the same answer differently on purpose. The attendee's requests are covered in
 * attendee-api-client.test.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createAttendeeClient,
  createDashboardClient,
  DASHBOARD_UNREACHABLE,
  NOT_SERVED,
  RoomApiError,
  type FetchLike,
} from "../../../../src/workshop/room-api.ts";
import { API_BASE } from "../../../../shared/workshop/protocol.ts";

const KEY = "adm_0123456789abcdef";
const ROOM_INFO = { code: "K7PQ2M", name: "Tuesday", createdAt: "x", frozen: true };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function fakeFetch(reply: (url: string, init: RequestInit) => Response) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    requests.push({ url, init });
    return reply(url, init);
  };
  return { fetch, requests };
}

const offline: FetchLike = async () => {
  throw new TypeError("Failed to fetch");
};

async function rejection(promise: Promise<unknown>): Promise<RoomApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RoomApiError, `not a RoomApiError: ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

function bare(status: number): Response {
  return new Response("<!doctype html><title>Not found</title>", {
    status,
    headers: { "content-type": "text/html" },
  });
}

test("admin requests carry the key in the Authorization header, never in the URL", async () => {
  const { fetch, requests } = fakeFetch((url) =>
    url.endsWith("/freeze")
      ? json(200, ROOM_INFO)
      : url.endsWith("/reset")
        ? json(200, { deleted: 12 })
        : url.endsWith("/calls.csv")
          ? new Response(new TextEncoder().encode("seq,time\n"), { status: 200 })
          : new Response(null, { status: 204 }),
  );
  const admin = createDashboardClient(fetch).admin("K7PQ2M", KEY);
  assert.deepEqual(await admin.freeze(true), ROOM_INFO);
  assert.equal(await admin.reset(), 12);
  await admin.remove();
  const csv = await admin.callsCsv();
  assert.equal(csv.type, "text/csv;charset=utf-8", "an untyped CSV answer gets the CSV type");
  assert.equal(await csv.text(), "seq,time\n");
  assert.deepEqual(
    requests.map(({ url, init }) => [init.method ?? "GET", url]),
    [
      ["POST", `${API_BASE}/rooms/K7PQ2M/freeze`],
      ["POST", `${API_BASE}/rooms/K7PQ2M/reset`],
      ["DELETE", `${API_BASE}/rooms/K7PQ2M`],
      ["GET", `${API_BASE}/rooms/K7PQ2M/calls.csv`],
    ],
  );
  assert.deepEqual(JSON.parse(String(requests[0]!.init.body)), { frozen: true });
  for (const { url, init } of requests) {
    assert.ok(!url.includes(KEY));
    assert.equal(new Headers(init.headers).get("authorization"), `Bearer ${KEY}`);
    assert.equal(init.cache, "no-store");
  }
});

test("a reset whose answer has no count still resolves (to 0 calls deleted)", async () => {
  const { fetch } = fakeFetch(() => new Response("", { status: 200 }));
  assert.equal(await createDashboardClient(fetch).admin("K7PQ2M", KEY).reset(), 0);
});

test("the dashboard and the attendee open a room with the same request", async () => {
  const created = { room: ROOM_INFO, adminKey: "k", adminPath: "/a", joinPath: "/j" };
  const dashboard = fakeFetch(() => json(201, created));
  const attendee = fakeFetch(() => json(201, created));
  assert.deepEqual(await createDashboardClient(dashboard.fetch).createRoom(), created);
  assert.deepEqual(await createAttendeeClient(attendee.fetch).createRoom(""), created);
  const seen = (requests: typeof dashboard.requests) =>
    requests.map(({ url, init }) => [url, init.method, [...new Headers(init.headers)], init.body]);
  assert.deepEqual(seen(dashboard.requests), seen(attendee.requests));
  assert.equal(dashboard.requests[0]!.url, `${API_BASE}/rooms`);
  assert.deepEqual(JSON.parse(String(dashboard.requests[0]!.init.body)), {});
});

test("the service's own refusal reads the same on both pages", async () => {
  const { fetch } = fakeFetch(() =>
    json(404, { error: { code: "room_not_found", message: "No room K7PQ2M." } }),
  );
  for (const request of [
    createDashboardClient(fetch).admin("K7PQ2M", KEY).freeze(true),
    createAttendeeClient(fetch).join("K7PQ2M", "Ada"),
  ]) {
    const error = await rejection(request);
    assert.equal(error.code, "room_not_found");
    assert.equal(error.message, "No room K7PQ2M.");
  }
});

test("a 404 without the service's JSON: the room is gone for the attendee, no service for the dashboard", async () => {
  for (const status of [404, 405]) {
    const { fetch } = fakeFetch(() => bare(status));
    const error = await rejection(createDashboardClient(fetch).admin("K7PQ2M", KEY).remove());
    assert.equal(error.status, status);
    assert.equal(error.code, "not_served");
    assert.equal(error.message, NOT_SERVED);
  }
  const { fetch } = fakeFetch(() => bare(404));
  const error = await rejection(createAttendeeClient(fetch).join("K7PQ2M", "Ada"));
  assert.equal(error.code, "room_not_found");
  assert.match(error.message, /HTTP 404/);
});

test("no answer at all: each page has its own sentence", async () => {
  const dashboard = await rejection(createDashboardClient(offline).admin("K7PQ2M", KEY).reset());
  assert.equal(dashboard.code, "offline");
  assert.equal(dashboard.status, 0);
  assert.equal(dashboard.message, DASHBOARD_UNREACHABLE);
  const created = await rejection(createDashboardClient(offline).createRoom());
  assert.equal(created.message, DASHBOARD_UNREACHABLE);
  const attendee = await rejection(createAttendeeClient(offline).join("K7PQ2M", "Ada"));
  assert.equal(attendee.code, "offline");
  assert.match(attendee.message, /^Could not reach the room service \(Failed to fetch\)\.$/);
});

test("a refused key is told apart from other refusals", async () => {
  for (const [status, rejected] of [
    [401, true],
    [403, true],
    [409, false],
    [500, false],
  ] as const) {
    const { fetch } = fakeFetch(() => json(status, { error: { code: "internal", message: "?" } }));
    const error = await rejection(createDashboardClient(fetch).admin("K7PQ2M", KEY).freeze(false));
    assert.equal(error.keyRejected, rejected, `HTTP ${status}`);
  }
});

test("the dashboard's health check gives the service's JSON, or null, and never throws", async () => {
  const health = {
    service: "payi-workshop",
    version: 1,
    attendeeOrigins: ["http://10.0.0.2:4400"],
  };
  const { fetch, requests } = fakeFetch(() => json(200, health));
  assert.deepEqual(await createDashboardClient(fetch).health(), health);
  assert.equal(requests[0]!.url, `${API_BASE}/health`);
  assert.equal(await createDashboardClient(fakeFetch(() => bare(404)).fetch).health(), null);
  assert.equal(await createDashboardClient(offline).health(), null);
});
