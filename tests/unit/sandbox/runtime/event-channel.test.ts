import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import {
  emit,
  installEventSink,
  nextCallSeq,
  nextUncapturedPlace,
  observeEventsForTests,
  resetEventChannelForTests,
} from "../../../../sandbox/runtime/event-channel.ts";
import type { SandboxEvent } from "../../../../shared/calls/event.ts";
import { callEvent } from "../../site/live-panel/call-event.ts";

beforeEach(() => resetEventChannelForTests());

test("events go to the host's sink; the sink is installed once, and a second install is refused", () => {
  const received: SandboxEvent[] = [];
  installEventSink((event) => received.push(event));
  assert.throws(() => installEventSink(() => undefined), /installed once, by the host/);
  const event = callEvent({ seq: 1 });
  emit(event);
  assert.deepEqual(received, [event]);
});

test("without a sink, events reach only test observers, until they stop observing", () => {
  const seen: SandboxEvent[] = [];
  const stop = observeEventsForTests((event) => seen.push(event));
  emit(callEvent({ seq: 1 }));
  stop();
  emit(callEvent({ seq: 2 }));
  assert.deepEqual(
    seen.map((event) => event.type === "call" && event.seq),
    [1],
  );
});

test("calls are numbered from 1; an uncaptured call goes after the last call, counted apart", () => {
  assert.deepEqual(nextUncapturedPlace(), { afterSeq: 0, index: 1 });
  assert.equal(nextCallSeq(), 1);
  assert.equal(nextCallSeq(), 2);
  assert.deepEqual(nextUncapturedPlace(), { afterSeq: 2, index: 2 });
  resetEventChannelForTests();
  assert.equal(nextCallSeq(), 1);
});
