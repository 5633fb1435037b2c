/**
 * Reads the event channel (channel-format.ts) out of a program's output, for the CLI and the page
 * (the runtime only writes). An event counts only when its MAC verifies under the run's key and
 * its counter is the next one; every event is also checked against the one event schema.
 * Anything else that looks like an event is dropped and counted, never shown as a call.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { BEL, OSC_PREFIX, RUN_NOTES, signedPart, type RunNote } from "./channel-format.ts";
import { isSandboxEvent, type SandboxEvent } from "./event.ts";

export type ChannelChunk =
  | { kind: "text"; text: string }
  | { kind: "event"; event: SandboxEvent }
  | { kind: "note"; note: RunNote["note"] };

export interface DecoderOptions {
  /** The run's key. Without one no event can verify: every sequence is dropped as forged. */
  key?: Uint8Array | null;
  /** An unfinished sequence longer than this is given up on (shown as text). */
  maxEventLength?: number;
}

/** A fresh random key for one run (32 bytes), from the platform's CSPRNG. */
export function newRunKey(): Uint8Array {
  return randomBytes(32);
}

/** The hex form the host reads from its key file. */
export function keyToHex(key: Uint8Array): string {
  return bytesToHex(key);
}

/** Compares without an early exit, as MAC checks should. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++)
    difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

/**
 * Splits a stream of output into text and events. Output arrives in arbitrary chunks, so an event
 * may be cut anywhere; the decoder holds back an unfinished sequence until its end arrives.
 * Malformed, forged or foreign sequences are dropped (never thrown) and counted; an unfinished
 * one longer than `maxEventLength` is emitted as text so a stray prefix cannot swallow the output.
 */
export class EventStreamDecoder {
  #pending = "";
  #dropped = 0;
  #nextCounter = 1;
  readonly #key: Uint8Array | null;
  readonly maxEventLength: number;

  constructor(options: DecoderOptions = {}) {
    this.#key = options.key ?? null;
    this.maxEventLength = options.maxEventLength ?? 1_000_000;
  }

  /** Sequences that looked like events but were not genuine (forged, altered, replayed, broken). */
  get dropped(): number {
    return this.#dropped;
  }

  push(chunk: string): ChannelChunk[] {
    const out: ChannelChunk[] = [];
    let buffer = this.#pending + chunk;
    this.#pending = "";
    for (;;) {
      const start = buffer.indexOf(OSC_PREFIX);
      if (start === -1) {
        // Hold back a tail that could be the beginning of a prefix split across chunks.
        const keep = partialPrefixLength(buffer);
        pushText(out, buffer.slice(0, buffer.length - keep));
        this.#pending = buffer.slice(buffer.length - keep);
        return out;
      }
      pushText(out, buffer.slice(0, start));
      const bodyStart = start + OSC_PREFIX.length;
      const end = buffer.indexOf(BEL, bodyStart);
      const next = buffer.indexOf(OSC_PREFIX, bodyStart);
      if (next !== -1 && (end === -1 || next < end)) {
        // Another prefix before the end: the first was never finished (the program's), and must
        // not swallow the second, which may be genuine.
        this.#dropped++;
        pushText(out, buffer.slice(bodyStart, next));
        buffer = buffer.slice(next);
        continue;
      }
      if (end === -1) {
        const unfinished = buffer.slice(start);
        // A genuine sequence starts "<counter>;<64 hex>;{": an unfinished one that cannot is
        // given up on at once, so a stray prefix never holds back the output after it.
        const head = buffer.slice(bodyStart, bodyStart + HEAD_LENGTH);
        const hopeless = !GENUINE_HEAD.test(head) && !couldStartHead(head);
        if (hopeless || unfinished.length > this.maxEventLength) {
          this.#dropped++;
          pushText(out, unfinished.slice(OSC_PREFIX.length));
          return out;
        }
        this.#pending = unfinished;
        return out;
      }
      const genuine = this.#verify(buffer.slice(bodyStart, end));
      if (genuine) out.push(genuine);
      else this.#dropped++;
      buffer = buffer.slice(end + BEL.length);
    }
  }

  /** Call at end of stream: whatever is held back is plain text after all. */
  flush(): ChannelChunk[] {
    const rest = this.#pending;
    this.#pending = "";
    if (!rest) return [];
    if (rest.startsWith(OSC_PREFIX)) {
      this.#dropped++;
      return [];
    }
    return [{ kind: "text", text: rest }];
  }

  #verify(body: string): ChannelChunk | null {
    if (!this.#key) return null;
    const [counterText, mac] = body.split(";", 2);
    if (counterText === undefined || mac === undefined) return null;
    const counter = Number(counterText);
    // Later than the last genuine one: a replay (or a reorder) fails. A gap means events the
    // program kept from reaching the output; they are counted as dropped.
    if (!Number.isSafeInteger(counter) || counter < this.#nextCounter) return null;
    const json = body.slice(counterText.length + mac.length + 2);
    const expected = bytesToHex(hmac(sha256, this.#key, utf8ToBytes(signedPart(counter, json))));
    if (!sameText(mac, expected)) return null;
    try {
      const value: unknown = JSON.parse(json);
      const chunk: ChannelChunk | null = isSandboxEvent(value)
        ? { kind: "event", event: value }
        : isRunNote(value)
          ? { kind: "note", note: value.note }
          : null;
      if (chunk) {
        this.#dropped += counter - this.#nextCounter;
        this.#nextCounter = counter + 1;
      }
      return chunk;
    } catch {
      return null;
    }
  }
}

const GENUINE_HEAD = /^\d{1,15};[0-9a-f]{64};\{/;
/** Long enough to hold the head of any genuine sequence. */
const HEAD_LENGTH = 15 + 1 + 64 + 2;

/** True while `head` is the beginning of a genuine head, not yet complete. */
function couldStartHead(head: string): boolean {
  const digits = /^\d*/.exec(head)![0].length;
  if (digits === head.length) return digits <= 15;
  if (digits === 0 || head[digits] !== ";") return false;
  const rest = head.slice(digits + 1);
  const hex = /^[0-9a-f]*/.exec(rest)![0].length;
  if (hex === rest.length) return hex <= 64;
  return hex === 64 && rest.slice(64) === ";";
}

function pushText(out: ChannelChunk[], text: string): void {
  if (text) out.push({ kind: "text", text });
}

function partialPrefixLength(buffer: string): number {
  const max = Math.min(OSC_PREFIX.length - 1, buffer.length);
  for (let length = max; length > 0; length--) {
    if (OSC_PREFIX.startsWith(buffer.slice(buffer.length - length))) return length;
  }
  return 0;
}

function isRunNote(value: unknown): value is RunNote {
  const note = value as Partial<RunNote> | null;
  return (
    typeof note === "object" &&
    note?.v === 1 &&
    note.type === "note" &&
    (RUN_NOTES as readonly unknown[]).includes(note.note)
  );
}
