/**
 * The forwarder's retry rule on its own (delivery/retry.ts): which failures are retried, which
 * drop the batch and which end the membership, and how long it waits. The forwarder's tests
 * (attendee-delivery.test.ts) check the same rule through whole send cycles.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Backoff,
  failureVerdict,
  type TransportError,
} from "../../../../src/workshop/attendee/delivery/retry.ts";
import { FROZEN_MESSAGE, TIMING } from "../../../../src/workshop/attendee/delivery/timing.ts";

const NOW = 1_000_000;
const clock = { now: () => NOW, setTimeout: () => 0, clearTimeout: () => undefined };

function failure(status: number, code = "x", retryAfterMs: number | null = null): TransportError {
  return { status, code, message: "Because.", retryAfterMs };
}

test("each failure gets one of three answers: retry, drop the batch, or end", () => {
  const kinds = (
    [
      [0, "offline", "retry"],
      [500, "internal", "retry"],
      [503, "internal", "retry"],
      [200, "bad_response", "retry"],
      [429, "rate_limited", "retry"],
      [400, "invalid_request", "drop"],
      [409, "room_full", "drop"],
      [413, "too_large", "drop"],
      [423, "room_frozen", "drop"],
      [401, "unauthorized", "end"],
      [403, "forbidden", "end"],
      [404, "room_not_found", "end"],
    ] as const
  ).map(([status, code, kind]) => [
    status,
    failureVerdict(failure(status, code), 3, new Backoff(clock, () => 0)).kind,
    kind,
  ]);
  for (const [status, got, expected] of kinds) assert.equal(got, expected, `HTTP ${status}`);
});

test("a frozen room drops the batch with the frozen notice; other drops say why", () => {
  const backoff = new Backoff(clock, () => 0);
  assert.deepEqual(failureVerdict(failure(423), 2, backoff), {
    kind: "drop",
    message: FROZEN_MESSAGE,
    frozen: true,
  });
  const full = failureVerdict(failure(409), 1, backoff);
  assert.equal(full.kind, "drop");
  assert.equal(full.message, "The room is full: 1 call was not sent. Because. Ask the instructor.");
  assert.ok(!("frozen" in full));
});

test("our own waits double with each failure; Retry-After is believed within bounds", () => {
  const backoff = new Backoff(clock, () => 1);
  const waits = [0, 1, 2].map(() => {
    const verdict = failureVerdict(failure(0, "offline"), 1, backoff);
    return verdict.kind === "retry" ? verdict.delayMs : -1;
  });
  assert.deepEqual(waits, [1_000, 2_000, 4_000]);
  assert.equal(backoff.after(failure(429, "rate_limited", 7_000)), 7_000);
  assert.equal(backoff.after(failure(429, "rate_limited", 1)), TIMING.minIntervalMs);
  assert.equal(backoff.after(failure(429, "rate_limited", 1e9)), TIMING.maxRetryAfterMs);
  assert.equal(backoff.after(failure(503, "internal")), 8_000, "no Retry-After: our own backoff");
  backoff.waitFor(5_000);
  assert.equal(backoff.retryAt, NOW + 5_000);
  backoff.clear();
  assert.equal(backoff.retryAt, null);
  assert.equal(backoff.next(), 1_000, "cleared: the next wait is the first again");
});
