import assert from "node:assert/strict";
import { test } from "node:test";
import {
  displayNameProblem,
  joinFailure,
  normalizeRoomCode,
  roomCodeProblem,
} from "../../../../src/workshop/attendee/join-advice.ts";
import { RoomApiError } from "../../../../src/workshop/room-api.ts";
import { statusSentence } from "../../../../src/workshop/attendee/status-panel.ts";
import type { ForwarderStatus } from "../../../../src/workshop/attendee/delivery/status.ts";
import { FROZEN_MESSAGE } from "../../../../src/workshop/attendee/delivery/timing.ts";

test("room codes are upper-cased, with spaces and dashes dropped", () => {
  assert.equal(normalizeRoomCode(" k7p-q2m "), "K7PQ2M");
  assert.equal(normalizeRoomCode("k7pq2m"), "K7PQ2M");
});

test("a valid room code has no problem; others get advice that says what to do", () => {
  assert.equal(roomCodeProblem("k7pq2m"), null);
  assert.match(roomCodeProblem("")!, /Enter the room code/);
  assert.match(roomCodeProblem("K7PQ2")!, /6 characters; this one has 5/);
  assert.match(roomCodeProblem("K7PQ2MM")!, /this one has 7/);
  assert.match(roomCodeProblem("K0PQ2M")!, /never use O, 0, I, 1 or L/);
  assert.match(roomCodeProblem("KLPQ2M")!, /never use O, 0, I, 1 or L/);
  assert.match(roomCodeProblem("K7PQ2!")!, /only capital letters and digits/);
  for (const problem of [roomCodeProblem("K0PQ2M"), roomCodeProblem("K7PQ2")]) {
    assert.match(problem!, /Check the code on the instructor's screen/);
  }
});

test("display names: required, at most 40 characters, at least one letter or digit", () => {
  assert.equal(displayNameProblem("Ada Lovelace"), null);
  assert.equal(displayNameProblem("  Zoë O'Neil "), null);
  assert.equal(displayNameProblem("李雷"), null);
  assert.match(displayNameProblem("   ")!, /Enter your name/);
  assert.match(displayNameProblem("x".repeat(41))!, /at most 40 characters; this has 41/);
  assert.equal(displayNameProblem("x".repeat(40)), null);
  assert.match(displayNameProblem("!!! ---")!, /at least one letter or digit/);
  assert.match(displayNameProblem("Ada\tL")!, /control characters/);
});

function status(overrides: Partial<ForwarderStatus>): ForwarderStatus {
  return {
    state: "idle",
    queued: 0,
    sent: 0,
    dropped: 0,
    lastError: null,
    nextRetryAt: null,
    ...overrides,
  };
}

test("the status sentence says what is happening and what happens next", () => {
  assert.match(statusSentence(null), /Run a sandbox/);
  assert.match(statusSentence(status({ sent: 3 })), /Every call you made has reached the room/);
  assert.match(statusSentence(status({ queued: 2 })), /2 calls waiting/);
  assert.match(statusSentence(status({ state: "sending", queued: 1 })), /Sending.*1 call waiting/);
  assert.match(
    statusSentence(status({ state: "offline", queued: 4 })),
    /offline\. 4 calls are kept in this browser and sent when you are back online/,
  );
  assert.match(
    statusSentence(status({ state: "retrying", nextRetryAt: Date.now() + 4_000 })),
    /trying again at/,
  );
  assert.equal(statusSentence(status({ state: "frozen" })), FROZEN_MESSAGE);
  assert.equal(
    statusSentence(status({ state: "ended", lastError: "The room no longer exists." })),
    "The room no longer exists.",
  );
});

test("a failed join says what to do, under the field it concerns or above the button", () => {
  const failed = (
    status: number,
    code: ConstructorParameters<typeof RoomApiError>[1],
    ms = null as number | null,
  ) => joinFailure(new RoomApiError(status, code, "The server's words.", ms), "K7PQ2M");
  assert.equal(failed(404, "room_not_found").where, "code");
  assert.match(failed(404, "room_not_found").message, /No room has the code K7PQ2M/);
  assert.deepEqual(failed(400, "invalid_name"), {
    where: "displayName",
    message: "The server's words.",
  });
  assert.equal(failed(409, "room_full").where, "form");
  assert.match(failed(409, "room_full").message, /^This room is full\. The server's words\. Ask/);
  assert.match(failed(429, "rate_limited", 1_000).message, /Wait 1 second and press Join again/);
  assert.match(failed(429, "rate_limited").message, /Wait 10 seconds/);
  assert.match(failed(0, "offline").message, /on the workshop's Wi-Fi/);
  assert.match(
    failed(500, "internal").message,
    /^Could not join: The server's words\. If it happens again/,
  );
  assert.deepEqual(joinFailure(new Error("boom"), "K7PQ2M"), {
    where: "form",
    message: "Could not join: Error: boom",
  });
});
