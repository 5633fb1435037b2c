import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeEvent } from "../../../../shared/calls/channel-format.ts";
import { createHmac } from "node:crypto";
import {
  EventStreamDecoder,
  newRunKey,
  type ChannelChunk,
} from "../../../../shared/calls/channel-decoder.ts";
import { sampleCallEvent } from "../../../support/call-event.ts";

const event = sampleCallEvent({ userId: "bell \u0007 and escape \u001b inside" });
const key = newRunKey();
// Signed as the Node host signs: node:crypto, so the decoder's own HMAC is checked against it.
const signWith = (runKey: Uint8Array) => (part: string) =>
  createHmac("sha256", runKey).update(part).digest("hex");
const sign = signWith(key);
const encode = (counter = 1, what = event) => encodeEvent(what, counter, sign);

function decodeAll(chunks: string[], decoder = new EventStreamDecoder({ key })): ChannelChunk[] {
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.flush()];
}

function textOf(chunks: ChannelChunk[]): string {
  return chunks.map((chunk) => (chunk.kind === "text" ? chunk.text : "")).join("");
}

test("an event between lines of text comes out as an event, in order, with the text untouched", () => {
  const stream = `before\n${encode()}after\n`;
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
  const stream = `a${encode()}b`;
  for (let cut = 1; cut < stream.length; cut++) {
    const chunks = decodeAll([stream.slice(0, cut), stream.slice(cut)]);
    assert.equal(chunks.filter((chunk) => chunk.kind === "event").length, 1, `cut at ${cut}`);
    assert.equal(textOf(chunks), "ab", `cut at ${cut}`);
  }
});

test("malformed and foreign sequences are dropped without throwing", () => {
  const decoder = new EventStreamDecoder({ key });
  const broken = "\u001b]7717;payi-event;{not json\u0007";
  const wrongVersion =
    "\u001b]7717;payi-event;" + JSON.stringify({ v: 99, type: "call", seq: 1 }) + "\u0007";
  const chunks = [...decoder.push(`x${broken}y${wrongVersion}z`), ...decoder.flush()];
  assert.equal(textOf(chunks), "xyz");
  assert.equal(decoder.dropped, 2);
});

test("an unfinished sequence longer than the cap is given up on, not buffered forever", () => {
  const decoder = new EventStreamDecoder({ key, maxEventLength: 100 });
  const chunks = decoder.push("\u001b]7717;payi-event;" + "x".repeat(200));
  assert.equal(textOf(chunks), "x".repeat(200));
  assert.equal(decoder.dropped, 1);
});

test("other escape sequences (colours) pass through as text", () => {
  assert.equal(textOf(decodeAll(["\u001b[31mred\u001b[0m"])), "\u001b[31mred\u001b[0m");
});

test("a well-formed event the program printed itself (no MAC, another key, an edited body) is dropped and counted", () => {
  const forged = {
    ...event,
    userId: { ...event.userId, value: "FORGED-USER" },
  };
  const unsigned = `\u001b]7717;payi-event;${JSON.stringify(forged)}\u0007`;
  const otherKey = encodeEvent(forged, 1, signWith(newRunKey()));
  const edited = encode(1).replace("bell", "FORGED");
  const decoder = new EventStreamDecoder({ key });
  const chunks = decodeAll([`a${unsigned}b${otherKey}c${edited}d`], decoder);
  assert.equal(textOf(chunks), "abcd");
  assert.equal(chunks.filter((chunk) => chunk.kind === "event").length, 0);
  assert.equal(decoder.dropped, 3);
});

test("a genuine event replayed, or out of order, is dropped: counters only go up", () => {
  const first = encode(1);
  const decoder = new EventStreamDecoder({ key });
  const chunks = decodeAll([first, first, encode(3), encode(2)], decoder);
  assert.equal(chunks.filter((chunk) => chunk.kind === "event").length, 2);
  // The replayed 1, the 2 that comes after 3, and the gap where 2 should have been.
  assert.equal(decoder.dropped, 3);
});

test("a stray unfinished prefix neither holds back the text after it nor swallows a genuine event", () => {
  const decoder = new EventStreamDecoder({ key });
  const first = decoder.push("before \u001b]7717;payi-event;garbage after garbage\n");
  assert.equal(textOf(first), "before garbage after garbage\n", "shown at once, not at the end");
  const chunks = decodeAll([`\u001b]7717;payi-event;1;`, `x${encode(1)}after`], decoder);
  assert.equal(chunks.filter((chunk) => chunk.kind === "event").length, 1);
  assert.equal(textOf(chunks), "1;xafter");
  assert.equal(decoder.dropped, 2);
});

test("without the run's key nothing is an event", () => {
  const decoder = new EventStreamDecoder();
  const chunks = decodeAll([`x${encode(1)}y`], decoder);
  assert.equal(textOf(chunks), "xy");
  assert.equal(decoder.dropped, 1);
});

test("the host's crash note travels on the same signed channel", () => {
  const note = encodeEvent({ v: 1, type: "note", note: "crashed" }, 2, sign);
  const chunks = decodeAll([encode(1), note]);
  assert.deepEqual(
    chunks.map((chunk) => chunk.kind),
    ["event", "note"],
  );
});
