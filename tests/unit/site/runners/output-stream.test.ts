import assert from "node:assert/strict";
import { test } from "node:test";
import type { SandboxEvent } from "../../../../shared/calls/event.ts";
import { createOutputSink } from "../../../../src/runners/output-stream.ts";
import type { RunBatch } from "../../../../src/runners/types.ts";

const nextMicrotask = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const event = { type: "uncaptured" } as unknown as SandboxEvent;

/** A sink and the batches it delivered. */
function collectingSink() {
  const batches: RunBatch[] = [];
  return { sink: createOutputSink((batch) => batches.push(batch)), batches };
}

test("the first output after a quiet frame is delivered at once, with the rest of its message", async () => {
  const { sink, batches } = collectingSink();
  sink.pushText("hello\n");
  sink.pushEvents([event]);
  sink.pushIgnored(1);
  assert.equal(batches.length, 0, "not synchronously: the message's events come in the same batch");
  await nextMicrotask();
  assert.deepEqual(batches, [{ text: "hello\n", events: [event], ignored: 1 }]);
});

test("output within a frame of the last batch waits for the frame: at most one batch per frame", async () => {
  const { sink, batches } = collectingSink();
  sink.pushText("a\n");
  await nextMicrotask();
  sink.pushText("b\n");
  sink.pushText("c\n");
  await nextMicrotask();
  assert.equal(batches.length, 1, "the second batch waits for the frame");
  await sleep(30);
  assert.deepEqual(
    batches.map((batch) => batch.text),
    ["a\n", "b\nc\n"],
  );
  await sleep(30);
  sink.pushText("d\n");
  await nextMicrotask();
  assert.equal(batches.length, 3, "after a quiet frame, at once again");
});

test("end delivers what is left at once, and nothing after", async () => {
  const { sink, batches } = collectingSink();
  sink.pushText("a\n");
  await nextMicrotask();
  sink.pushText("b\n");
  sink.end();
  assert.deepEqual(
    batches.map((batch) => batch.text),
    ["a\n", "b\n"],
  );
  await sleep(30);
  assert.equal(batches.length, 2);
});
