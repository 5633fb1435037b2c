/**
 * The room service against a real server on loopback (HTTP, SQLite on disk): joining, appending
 * calls, the dashboard stream, who may do what, input limits, rate limits and restarts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EventSource } from "eventsource";
import type { CallCost, CallEvent, LimitReport } from "../../shared/calls/event.ts";
import { LIMITS, type RoomCall, type RoomSnapshot } from "../../shared/workshop/protocol.ts";
import { sampleCallEvent, sampleForwardedCall, sampleOrigin } from "../support/call-event.ts";
import {
  api,
  join,
  openRoom,
  postCalls,
  removeData,
  snapshot,
  startServer,
  type TestServer,
} from "./workshop-server.ts";

let server: TestServer;

before(async () => {
  server = await startServer(undefined, { eventPostsPerMinute: 1000 });
});
after(async () => {
  await server.stop();
  removeData(server);
});

describe("joining", () => {
  test("a display name becomes a normalized user id, unique in the room", async () => {
    const { room } = openRoom(server);
    const first = await join(server, room.code, "  Zoë   O'Neil ");
    assert.equal(first.attendee.userId, "zoe-oneil");
    assert.equal(first.attendee.displayName, "Zoë O'Neil");
    assert.match(first.token, /^att_[A-Za-z0-9_-]{32}$/);
    assert.equal(first.room.code, room.code);
    const second = await join(server, room.code, "zoe oneil");
    assert.equal(second.attendee.userId, "zoe-oneil-2");
    const third = await join(server, room.code, "ZOE-ONEIL");
    assert.equal(third.attendee.userId, "zoe-oneil-3");
    assert.notEqual(first.token, second.token);
  });

  test("markup in a name is kept as text and never reaches the user id", async () => {
    const { room } = openRoom(server);
    const joined = await join(server, room.code, "<img src=x onerror=alert(1)>");
    assert.equal(joined.attendee.displayName, "<img src=x onerror=alert(1)>");
    assert.match(joined.attendee.userId, /^[a-z0-9-]+$/);
  });

  test("names that cannot be a user id are refused with what to do", async () => {
    const { room } = openRoom(server);
    for (const [name, expected] of [
      ["   ", /Type a display name/],
      ["🙂🙂", /at least one letter or digit/],
      ["a".repeat(41), /at most 40 characters/],
      ["evil\u202Eman", /invisible characters/],
    ] as const) {
      const response = await api(server, `/rooms/${room.code}/attendees`, {
        body: { displayName: name },
      });
      assert.equal(response.status, 400, name);
      assert.equal(response.body.error.code, "invalid_name");
      assert.match(response.body.error.message, expected);
    }
    assert.equal(server.store.attendeeCount(room.code), 0);
  });

  test("an unknown room code is a 404 that says to check the code", async () => {
    const response = await api(server, "/rooms/ZZZZZZ/attendees", { body: { displayName: "Ada" } });
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, "room_not_found");
    assert.match(response.body.error.message, /Check the code/);
  });

  test("me returns the attendee's membership, and only with its token", async () => {
    const { room } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    const me = await api(server, `/rooms/${room.code}/me`, { token: ada.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.attendee.userId, "ada");
    assert.equal((await api(server, `/rooms/${room.code}/me`)).status, 401);
  });
});

describe("appending calls", () => {
  test("calls are stored, totalled per attendee and use case, and a retried batch is not stored twice", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    const grace = await join(server, room.code, "Grace");
    const batch = [
      sampleForwardedCall({ costUsd: 0.001, input: 100, output: 50 }),
      sampleForwardedCall({ costUsd: 0.002, input: 200, output: 80, useCase: "summarize" }),
      sampleForwardedCall({ costUsd: null, resource: "ft:gpt-4o-mini:acme" }),
    ];
    const posted = await postCalls(server, room.code, ada.token, batch);
    assert.equal(posted.status, 200);
    assert.deepEqual(posted.body, { stored: 3, duplicates: 0 });
    const retried = await postCalls(server, room.code, ada.token, batch);
    assert.deepEqual(retried.body, { stored: 0, duplicates: 3 });
    await postCalls(server, room.code, grace.token, [sampleForwardedCall({ status: 400 })]);

    const state = await snapshot(server, room.code, adminKey);
    assert.equal(state.totals.requests, 4);
    assert.equal(state.totals.unpricedCalls, 1);
    assert.equal(state.totals.failedCalls, 1);
    assert.ok(Math.abs(state.totals.spendUsd - 0.003) < 1e-12);
    const adaRow = state.attendees.find((row) => row.userId === "ada");
    assert.equal(adaRow?.requests, 3);
    assert.equal(adaRow?.inputTokens, 100 + 200 + 11);
    assert.equal(adaRow?.lastResource, "ft:gpt-4o-mini:acme");
    assert.equal(state.attendees.find((row) => row.userId === "grace")?.requests, 1);
    assert.deepEqual(
      state.useCases.map((row) => [row.name, row.requests]),
      [
        ["summarize", 1],
        ["answer-with-user", 3],
      ],
    );
    assert.deepEqual(
      state.recent.map((call) => call.seq),
      [1, 2, 3, 4],
    );
    assert.equal(state.recent[2]?.costUsd, null, "unpriced is null, never $0");
    assert.equal(state.lastSeq, 4);
  });

  test("a call that got no response (status 0) counts as failed, as the dashboard counts it", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    await postCalls(server, room.code, ada.token, [
      sampleForwardedCall({ status: 0 }),
      sampleForwardedCall(),
    ]);
    const state = await snapshot(server, room.code, adminKey);
    assert.equal(state.totals.failedCalls, 1);
    assert.equal(state.attendees[0]?.failedCalls, 1);
  });

  test("a token only appends to the room it joined", async () => {
    const one = openRoom(server);
    const two = openRoom(server);
    const ada = await join(server, one.room.code, "Ada");
    const response = await postCalls(server, two.room.code, ada.token, [sampleForwardedCall()]);
    assert.equal(response.status, 403);
    assert.match(response.body.error.message, new RegExp(`belongs to room ${one.room.code}`));
    const anonymous = await postCalls(server, one.room.code, "", [sampleForwardedCall()]);
    assert.equal(anonymous.status, 401);
    const forged = await postCalls(server, one.room.code, "att_forgedforgedforgedforgedforged", [
      sampleForwardedCall(),
    ]);
    assert.equal(forged.status, 401);
    assert.equal((await snapshot(server, two.room.code, two.adminKey)).totals.requests, 0);
    assert.equal((await snapshot(server, one.room.code, one.adminKey)).totals.requests, 0);
  });

  test("a frozen room refuses calls with 423 and stores nothing until unfrozen", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    const frozen = await api(server, `/rooms/${room.code}/freeze`, {
      body: { frozen: true },
      token: adminKey,
    });
    assert.equal(frozen.status, 200);
    assert.equal(frozen.body.frozen, true);
    const refused = await postCalls(server, room.code, ada.token, [sampleForwardedCall()]);
    assert.equal(refused.status, 423);
    assert.equal(refused.body.error.code, "room_frozen");
    await api(server, `/rooms/${room.code}/freeze`, { body: { frozen: false }, token: adminKey });
    const accepted = await postCalls(server, room.code, ada.token, [sampleForwardedCall()]);
    assert.equal(accepted.status, 200);
    assert.equal((await snapshot(server, room.code, adminKey)).totals.requests, 1);
  });
});

/** One call whose event has `change` applied: a field past one of the server's own bounds. */
function callWith(change: Partial<CallEvent>): { body: unknown } {
  return {
    body: { calls: [{ ...sampleForwardedCall(), event: { ...sampleCallEvent(), ...change } }] },
  };
}

/** The bounds the room service adds to the shared schemas (server/validation/requests.ts). */
function serverBounds(): [string, () => { body?: unknown }, number, RegExp][] {
  const limit: LimitReport = {
    id: "lim_1",
    name: "day budget",
    type: "allow",
    max: 1,
    threshold: null,
    spent: 0,
    state: "ok",
    why: "under the limit",
  };
  const event = sampleCallEvent();
  return [
    [
      "a model name over 200 characters",
      () => callWith({ resource: "m".repeat(201) }),
      400,
      /event\/resource/,
    ],
    ["an empty model name", () => callWith({ resource: "" }), 400, /event\/resource/],
    ["a time that is not one", () => callWith({ time: "now" }), 400, /event\/time/],
    [
      "a call sequence number over 100,000,000",
      () => callWith({ seq: 100_000_001 }),
      400,
      /event\/seq/,
    ],
    [
      "a user id over 200 characters",
      () => callWith({ userId: { ...event.userId, value: "u".repeat(201) } }),
      400,
      /event\/userId\/value/,
    ],
    [
      "a why over 500 characters",
      () => callWith({ userId: { ...event.userId, why: "w".repeat(501) } }),
      400,
      /event\/userId\/why/,
    ],
    [
      "a use case name over 200 characters",
      () =>
        callWith({
          useCase: {
            ...event.useCase,
            value: { name: "c".repeat(201), id: null, version: null, step: null },
          },
        }),
      400,
      /event\/useCase\/value\/name/,
    ],
    [
      "token counts over 100,000,000",
      () => callWith({ units: { input: 100_000_001, cachedInput: 0, output: 1 } }),
      400,
      /event\/units\/input/,
    ],
    [
      "a cost over $1,000,000",
      () =>
        callWith({
          cost: { ...(event.cost as Extract<CallCost, { status: "priced" }>), total: 1_000_001 },
        }),
      400,
      /event\/cost\/total/,
    ],
    [
      "a negative cost",
      () =>
        callWith({
          cost: { ...(event.cost as Extract<CallCost, { status: "priced" }>), total: -1 },
        }),
      400,
      /event\/cost\/total/,
    ],
    ["an HTTP status over 999", () => callWith({ status: 1000 }), 400, /event\/status/],
    [
      "more than 50 limit reports",
      () => callWith({ limits: Array.from({ length: 51 }, () => limit) }),
      400,
      /event\/limits must NOT have more than 50 items/,
    ],
    [
      "a field the call does not have",
      () => ({ body: { calls: [{ ...sampleForwardedCall(), note: "x" }] } }),
      400,
      /calls\/0 must NOT have additional property note/,
    ],
    [
      "a field the origin does not have",
      () => ({
        body: { calls: [{ ...sampleForwardedCall(), meta: { ...sampleOrigin(), page: "/" } }] },
      }),
      400,
      /meta must NOT have additional property page/,
    ],
  ];
}

describe("malformed and oversized input", () => {
  const cases: [
    string,
    (token: string) => { raw?: string; body?: unknown; headers?: Record<string, string> },
    number,
    RegExp,
  ][] = [
    ["not JSON", () => ({ raw: "{calls: nope" }), 400, /JSON|Invalid/i],
    [
      "not JSON content",
      () => ({ raw: "calls", headers: { "content-type": "text/plain" } }),
      415,
      /JSON/,
    ],
    ["no calls", () => ({ body: { calls: [] } }), 400, /calls/],
    [
      "unknown field",
      () => ({ body: { calls: [sampleForwardedCall()], extra: 1 } }),
      400,
      /additional/,
    ],
    ["bad id", () => ({ body: { calls: [{ ...sampleForwardedCall(), id: "x" }] } }), 400, /id/],
    [
      "event of another schema version",
      () => ({
        body: { calls: [{ ...sampleForwardedCall(), event: { ...sampleCallEvent(), v: 2 } }] },
      }),
      400,
      /event\/v/,
    ],
    [
      "tokens as text",
      () => ({
        body: {
          calls: [
            {
              ...sampleForwardedCall(),
              event: { ...sampleCallEvent(), units: { input: "5", cachedInput: 0, output: 1 } },
            },
          ],
        },
      }),
      400,
      /units/,
    ],
    [
      "priced without a total",
      () => ({
        body: {
          calls: [
            {
              ...sampleForwardedCall(),
              event: { ...sampleCallEvent(), cost: { status: "priced" } },
            },
          ],
        },
      }),
      400,
      /total/,
    ],
    [
      "one bad call in a good batch",
      () => ({
        body: {
          calls: [
            sampleForwardedCall(),
            { ...sampleForwardedCall(), meta: { ...sampleOrigin(), runner: "vm" } },
          ],
        },
      }),
      400,
      /runner/,
    ],
    [
      "a batch over the limit",
      () => ({
        body: { calls: Array.from({ length: LIMITS.maxBatch + 1 }, () => sampleForwardedCall()) },
      }),
      400,
      /must NOT have more than 100 items/,
    ],
    [
      "an event over 16 KB",
      () => ({
        body: {
          calls: [
            sampleForwardedCall(),
            {
              ...sampleForwardedCall(),
              event: { ...sampleCallEvent(), warnings: ["w".repeat(LIMITS.maxEventBytes)] },
            },
          ],
        },
      }),
      413,
      /Call 2 of the batch is larger than 16 KB/,
    ],
    [
      "a body over 256 KB",
      () => ({
        raw: JSON.stringify({
          calls: [sampleForwardedCall()],
          pad: "x".repeat(LIMITS.maxRequestBytes),
        }),
      }),
      413,
      /larger than 256 KB/,
    ],
    ...serverBounds(),
  ];

  for (const [name, make, status, message] of cases) {
    test(`${name}: ${status} with a clear message, nothing stored`, async () => {
      const { room, adminKey } = openRoom(server);
      const ada = await join(server, room.code, "Ada");
      const response = await api(server, `/rooms/${room.code}/events`, {
        ...make(ada.token),
        token: ada.token,
      });
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.match(response.body.error.message, message);
      assert.equal(typeof response.body.error.code, "string");
      assert.equal((await snapshot(server, room.code, adminKey)).totals.requests, 0);
    });
  }

  test("an event with a field its schema does not know is accepted (events are versioned)", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    const event = { ...sampleCallEvent(), laterField: { added: "by a newer runtime" } };
    const response = await postCalls(server, room.code, ada.token, [
      { ...sampleForwardedCall(), event },
    ]);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await snapshot(server, room.code, adminKey)).totals.requests, 1);
  });

  test("room, join and freeze bodies are checked too, naming the field", async () => {
    const { room, adminKey } = openRoom(server);
    for (const [path, body, token, expected] of [
      ["/rooms", { name: "" }, undefined, /body\/name must NOT have fewer than 1 characters/],
      ["/rooms", { name: "n".repeat(61) }, undefined, /body\/name must NOT have more than 60/],
      ["/rooms", { name: "Morning", key: "x" }, undefined, /additional property key/],
      [`/rooms/${room.code}/attendees`, { displayName: "d".repeat(201) }, undefined, /displayName/],
      [
        `/rooms/${room.code}/attendees`,
        { displayName: 5 },
        undefined,
        /displayName must be string/,
      ],
      [`/rooms/${room.code}/freeze`, { frozen: "yes" }, adminKey, /body\/frozen must be boolean/],
    ] as const) {
      const response = await api(server, path, { body, token });
      assert.equal(response.status, 400, `${path} ${JSON.stringify(body).slice(0, 40)}`);
      assert.equal(response.body.error.code, "invalid_request");
      assert.match(response.body.error.message, expected);
    }
    assert.equal(server.store.attendeeCount(room.code), 0);
    assert.equal((await snapshot(server, room.code, adminKey)).room.frozen, false);
  });

  test("an invalid room code in the path is a 400", async () => {
    const response = await api(server, "/rooms/abc/attendees", { body: { displayName: "Ada" } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, "invalid_request");
  });

  test("unknown API routes answer JSON 404s", async () => {
    const response = await api(server, "/nope");
    assert.equal(response.status, 404);
    assert.match(response.body.error.message, /No such room service route/);
  });
});

describe("admin-only actions", () => {
  const actions: [string, string, string, unknown?][] = [
    ["snapshot", "GET", ""],
    ["stream", "GET", "/stream"],
    ["freeze", "POST", "/freeze", { frozen: true }],
    ["reset", "POST", "/reset"],
    ["delete", "DELETE", ""],
    ["CSV export", "GET", "/calls.csv"],
  ];

  test("are refused without the key, with an attendee token and with another room's key, and change nothing", async () => {
    const { room, adminKey } = openRoom(server);
    const other = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    await postCalls(server, room.code, ada.token, [sampleForwardedCall()]);
    for (const [name, method, path, body] of actions) {
      for (const [who, token, status] of [
        ["no key", undefined, 401],
        ["attendee token", ada.token, 403],
        ["other room's key", other.adminKey, 403],
        ["made-up key", "adm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 403],
      ] as const) {
        const response = await api(server, `/rooms/${room.code}${path}`, { method, body, token });
        assert.equal(response.status, status, `${name} with ${who}`);
        assert.equal(typeof response.body.error.message, "string");
      }
    }
    const state = await snapshot(server, room.code, adminKey);
    assert.equal(state.room.frozen, false);
    assert.equal(state.totals.requests, 1);
  });

  test("creating a room is only allowed from the instructor's machine", async () => {
    const local = await api(server, "/rooms", { body: { name: "Morning" } });
    assert.equal(local.status, 201);
    assert.equal(local.body.room.name, "Morning");
    assert.match(
      local.body.adminPath,
      new RegExp(`^/workshop/room/#room=${local.body.room.code}&key=adm_`),
    );
    const remote = await server.app.inject({
      method: "POST",
      url: "/api/workshop/rooms",
      payload: { name: "Sneaky" },
      remoteAddress: "192.168.1.50",
    });
    assert.equal(remote.statusCode, 403);
    assert.match(remote.json().error.message, /instructor's machine/);
  });

  test("reset deletes the calls and keeps attendees; delete removes everything and ends tokens", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, "Ada");
    await postCalls(server, room.code, ada.token, [sampleForwardedCall(), sampleForwardedCall()]);
    const reset = await api(server, `/rooms/${room.code}/reset`, {
      method: "POST",
      token: adminKey,
    });
    assert.deepEqual(reset.body, { deleted: 2 });
    const afterReset = await snapshot(server, room.code, adminKey);
    assert.equal(afterReset.totals.requests, 0);
    assert.equal(afterReset.attendees.length, 1);
    const again = await postCalls(server, room.code, ada.token, [sampleForwardedCall()]);
    assert.equal(again.status, 200);
    assert.equal(
      (await snapshot(server, room.code, adminKey)).recent[0]?.seq,
      3,
      "seq keeps growing",
    );

    const deleted = await api(server, `/rooms/${room.code}`, { method: "DELETE", token: adminKey });
    assert.equal(deleted.status, 204);
    assert.equal(server.store.room(room.code), null);
    assert.equal(server.store.attendeeByTokenHash("x"), null);
    const orphan = await postCalls(server, room.code, ada.token, [sampleForwardedCall()]);
    assert.equal(orphan.status, 404);
    assert.equal(orphan.body.error.code, "room_not_found");
  });

  test("CSV export has one row per call, quoted where needed, formulas defused", async () => {
    const { room, adminKey } = openRoom(server);
    const ada = await join(server, room.code, '=HYPERLINK("x")');
    await postCalls(server, room.code, ada.token, [
      sampleForwardedCall({ userId: "a,b" }),
      sampleForwardedCall({ costUsd: null }),
    ]);
    const response = await api(server, `/rooms/${room.code}/calls.csv`, { token: adminKey });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(
      response.headers.get("content-disposition") ?? "",
      new RegExp(`filename="workshop-${room.code}-`),
    );
    const lines = (response.body as string).trimEnd().split("\r\n");
    assert.equal(lines.length, 3);
    assert.match(
      lines[0] ?? "",
      /^seq,received_at,time,attendee,display_name,tagged_user_id,use_case/,
    );
    assert.match(lines[1] ?? "", /,"'=HYPERLINK\(""x""\)","a,b",/);
    assert.match(lines[2] ?? "", /,,unpriced,/, "unpriced cost is empty, not 0");
  });
});

describe("dashboard stream", () => {
  function connect(code: string, key: string) {
    const received: { type: string; data: unknown; at: number }[] = [];
    const waiters: (() => void)[] = [];
    const source = new EventSource(`${server.base}/api/workshop/rooms/${code}/stream`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } }),
    });
    for (const type of ["snapshot", "calls", "attendee", "room", "reset", "deleted"]) {
      source.addEventListener(type, (event) => {
        received.push({ type, data: JSON.parse(event.data), at: Date.now() });
        for (const wake of waiters.splice(0)) wake();
      });
    }
    const next = async (type: string, timeoutMs = 3000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.findIndex((item) => item.type === type);
        if (found >= 0) return received.splice(found, 1)[0]!;
        if (Date.now() > deadline)
          throw new Error(
            `no ${type} event within ${timeoutMs} ms; got ${received.map((r) => r.type)}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    };
    return { source, next };
  }

  test("starts with a snapshot, then streams joins, calls, freeze, reset and delete", async () => {
    const { room, adminKey } = openRoom(server);
    const early = await join(server, room.code, "Early");
    await postCalls(server, room.code, early.token, [sampleForwardedCall()]);
    const stream = connect(room.code, adminKey);
    try {
      const first = (await stream.next("snapshot")).data as RoomSnapshot;
      assert.equal(first.totals.requests, 1);
      assert.equal(first.attendees[0]?.userId, "early");

      const ada = await join(server, room.code, "Ada");
      assert.deepEqual(((await stream.next("attendee")).data as { userId: string }).userId, "ada");

      const sentAt = Date.now();
      await postCalls(server, room.code, ada.token, [sampleForwardedCall(), sampleForwardedCall()]);
      const calls = await stream.next("calls");
      const streamed = (calls.data as { calls: RoomCall[] }).calls;
      assert.deepEqual(
        streamed.map((call) => [call.seq, call.attendee]),
        [
          [2, "ada"],
          [3, "ada"],
        ],
      );
      assert.ok(calls.at - sentAt < 1000, `calls reached the dashboard in ${calls.at - sentAt} ms`);

      await api(server, `/rooms/${room.code}/freeze`, { body: { frozen: true }, token: adminKey });
      assert.equal(((await stream.next("room")).data as { frozen: boolean }).frozen, true);

      await api(server, `/rooms/${room.code}/reset`, { method: "POST", token: adminKey });
      const reset = (await stream.next("reset")).data as RoomSnapshot;
      assert.equal(reset.totals.requests, 0);
      assert.equal(reset.attendees.length, 2);

      await api(server, `/rooms/${room.code}`, { method: "DELETE", token: adminKey });
      await stream.next("deleted");
    } finally {
      stream.source.close();
    }
  });

  test("is refused without the admin key", async () => {
    const { room } = openRoom(server);
    const response = await fetch(`${server.base}/api/workshop/rooms/${room.code}/stream`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get("content-type") ?? "", /json/);
  });
});

describe("rate limit", () => {
  test("an attendee over the per-minute limit gets 429 with Retry-After; nothing of those is stored; others are unaffected", async () => {
    const limited = await startServer(undefined, { eventPostsPerMinute: 5 });
    try {
      const { room, adminKey } = openRoom(limited);
      const ada = await join(limited, room.code, "Ada");
      const grace = await join(limited, room.code, "Grace");
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await postCalls(limited, room.code, ada.token, [sampleForwardedCall()])).status,
          200,
        );
      const refused = await postCalls(limited, room.code, ada.token, [sampleForwardedCall()]);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, "rate_limited");
      assert.ok(Number(refused.headers.get("retry-after")) > 0, "Retry-After says when");
      assert.equal(
        (await postCalls(limited, room.code, grace.token, [sampleForwardedCall()])).status,
        200,
      );
      const state = await snapshot(limited, room.code, adminKey);
      assert.equal(state.attendees.find((row) => row.userId === "ada")?.requests, 5);
    } finally {
      await limited.stop();
      removeData(limited);
    }
  });
});

describe("restart", () => {
  test("a restarted server has every room, attendee, call, key and token", async () => {
    const first = await startServer();
    const { room, adminKey } = openRoom(first, "Persistent");
    const ada = await join(first, room.code, "Ada");
    await postCalls(first, room.code, ada.token, [
      sampleForwardedCall(),
      sampleForwardedCall({ costUsd: null }),
    ]);
    await api(first, `/rooms/${room.code}/freeze`, { body: { frozen: true }, token: adminKey });
    const before = await snapshot(first, room.code, adminKey);
    await first.stop();

    const second = await startServer(first.dataDir);
    try {
      const afterRestart = await snapshot(second, room.code, adminKey);
      assert.deepEqual(afterRestart, before);
      await api(second, `/rooms/${room.code}/freeze`, { body: { frozen: false }, token: adminKey });
      const more = await postCalls(second, room.code, ada.token, [sampleForwardedCall()]);
      assert.equal(more.status, 200, "the attendee token still works");
      assert.equal((await snapshot(second, room.code, adminKey)).recent.at(-1)?.seq, 3);
    } finally {
      await second.stop();
      removeData(second);
    }
  });
});

describe("site", () => {
  test("API responses carry the isolation headers and are never cached", async () => {
    const response = await api(server, "/health");
    assert.deepEqual(response.body, { service: "payi-workshop", version: 1, attendeeOrigins: [] });
    assert.equal(response.headers.get("cross-origin-opener-policy"), "same-origin");
    assert.equal(response.headers.get("cross-origin-embedder-policy"), "require-corp");
    assert.equal(response.headers.get("cross-origin-resource-policy"), "same-origin");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(response.headers.get("x-payi-workshop"), "payi-workshop/1");
  });
});

describe("room codes", () => {
  test("the code pattern accepts exactly the code alphabet", async () => {
    const { ROOM_CODE_ALPHABET, ROOM_CODE_PATTERN } =
      await import("../../shared/workshop/protocol.ts");
    const { newRoomCode } = await import("../../server/secrets.ts");
    const pattern = new RegExp(ROOM_CODE_PATTERN);
    for (let i = 0; i < 200; i++) assert.match(newRoomCode(), pattern);
    for (const character of "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
      assert.equal(
        pattern.test(character.repeat(6)),
        ROOM_CODE_ALPHABET.includes(character),
        `${character} in a code`,
      );
    }
  });
});

describe("health", () => {
  test("announces where attendees reach the server, for dashboards opened on localhost", async () => {
    const announced = await startServer(undefined, {
      attendeeOrigins: () => ["http://192.168.1.20:4400"],
    });
    try {
      const response = await api(announced, "/health");
      assert.deepEqual(response.body.attendeeOrigins, ["http://192.168.1.20:4400"]);
    } finally {
      await announced.stop();
      removeData(announced);
    }
  });

  test("stopping the server ends open dashboard streams instead of waiting for them", async () => {
    const stopping = await startServer();
    const { room, adminKey } = openRoom(stopping);
    const response = await fetch(`${stopping.base}/api/workshop/rooms/${room.code}/stream`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    assert.equal(response.status, 200);
    const started = Date.now();
    await stopping.stop();
    assert.ok(Date.now() - started < 2000, `stopped in ${Date.now() - started} ms`);
    removeData(stopping);
  });
});

describe("room caps", () => {
  test("a room at its call cap refuses a batch whole (409) until the instructor resets it", async () => {
    const capped = await startServer(undefined, { caps: { maxCallsPerRoom: 3 } });
    try {
      const { room, adminKey } = openRoom(capped);
      const ada = await join(capped, room.code, "Ada");
      const two = () => [sampleForwardedCall(), sampleForwardedCall()];
      assert.equal((await postCalls(capped, room.code, ada.token, two())).status, 200);
      const over = await postCalls(capped, room.code, ada.token, two());
      assert.equal(over.status, 409);
      assert.equal(over.body.error.code, "room_full");
      assert.match(over.body.error.message, /maximum of 3 calls; the instructor can reset it/);
      const state = await snapshot(capped, room.code, adminKey);
      assert.equal(state.totals.requests, 2, "nothing of the batch stored");
      await api(capped, `/rooms/${room.code}/reset`, { method: "POST", token: adminKey });
      assert.equal((await postCalls(capped, room.code, ada.token, two())).status, 200);
    } finally {
      await capped.stop();
      removeData(capped);
    }
  });

  test("a room at its attendee cap refuses joins with 409", async () => {
    const capped = await startServer(undefined, { caps: { maxAttendeesPerRoom: 2 } });
    try {
      const { room } = openRoom(capped);
      await join(capped, room.code, "Ada");
      await join(capped, room.code, "Grace");
      const third = await api(capped, `/rooms/${room.code}/attendees`, {
        body: { displayName: "Zoë" },
      });
      assert.equal(third.status, 409);
      assert.match(third.body.error.message, /is full \(2 attendees\)/);
      assert.equal(capped.store.attendeeCount(room.code), 2);
    } finally {
      await capped.stop();
      removeData(capped);
    }
  });
});
