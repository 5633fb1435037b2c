import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeEvent } from "../../../../shared/calls/channel-format.ts";
import { EventStreamDecoder, type ChannelChunk } from "../../../../shared/calls/channel-decoder.ts";
import { sampleCallEvent } from "../../../support/call-event.ts";

const event = sampleCallEvent({ userId: "bell \u0007 and escape \u001b inside" });

function decodeAll(chunks: string[]): ChannelChunk[] {
  const decoder = new EventStreamDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.flush()];
}

function textOf(chunks: ChannelChunk[]): string {
  return chunks.map((chunk) => (chunk.kind === "text" ? chunk.text : "")).join("");
}

test("an event between lines of text comes out as an event, in order, with the text untouched", () => {
  const stream = `before\n${encodeEvent(event)}after\n`;
  const chunks = decodeAll([stream]);
  assert.deepEqual(
    chunks.map((chunk) => chunk.kind),
    ["text", "event", "text"],
  );
  assert.equal(textOf(chunks), "before\nafter\n");
  const decoded = chunks[1]?.kind === "event" ? chunks[1].event : null;
  assert.deepEqual(decoded, event);
});

test("an event cut at every possible point still decodes", () => {
  const stream = `a${encodeEvent(event)}b`;
  for (let cut = 1; cut < stream.length; cut++) {
    const chunks = decodeAll([stream.slice(0, cut), stream.slice(cut)]);
    assert.equal(chunks.filter((chunk) => chunk.kind === "event").length, 1, `cut at ${cut}`);
    assert.equal(textOf(chunks), "ab", `cut at ${cut}`);
  }
});

test("malformed and foreign sequences are dropped without throwing", () => {
  const decoder = new EventStreamDecoder();
  const broken = "\u001b]7717;payi-event;{not json\u0007";
  const wrongVersion =
    "\u001b]7717;payi-event;" + JSON.stringify({ v: 99, type: "call", seq: 1 }) + "\u0007";
  const chunks = [...decoder.push(`x${broken}y${wrongVersion}z`), ...decoder.flush()];
  assert.equal(textOf(chunks), "xyz");
  assert.equal(decoder.dropped, 2);
});

test("an unfinished sequence longer than the cap is given up on, not buffered forever", () => {
  const decoder = new EventStreamDecoder({ maxEventLength: 100 });
  const chunks = decoder.push("\u001b]7717;payi-event;" + "x".repeat(200));
  assert.equal(textOf(chunks), "x".repeat(200));
  assert.equal(decoder.dropped, 1);
});

test("other escape sequences (colours) pass through as text", () => {
  assert.equal(textOf(decodeAll(["\u001b[31mred\u001b[0m"])), "\u001b[31mred\u001b[0m");
});
