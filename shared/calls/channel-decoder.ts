/**
 * Reads the in-band event channel (see channel.ts) out of a program's output: the CLI and the page
 * use it; the runtime only writes. Every event is checked against the one call event schema.
 */
import { isCallEvent, type CallEvent } from "./event.ts";
import { BEL, OSC_PREFIX } from "./channel-format.ts";

export type ChannelChunk = { kind: "text"; text: string } | { kind: "event"; event: CallEvent };

function parseEvent(json: string): CallEvent | null {
  try {
    const value: unknown = JSON.parse(json);
    return isCallEvent(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Splits a stream of output into text and events. Output arrives in arbitrary chunks, so an event
 * may be cut anywhere; the decoder holds back an unfinished sequence until its end arrives.
 * Malformed or foreign sequences are dropped (never thrown), and an unfinished one longer than
 * `maxEventLength` is given up on and emitted as text so a stray prefix cannot swallow the output.
 */
export class EventStreamDecoder {
  #pending = "";
  #droppedCount = 0;
  readonly maxEventLength: number;

  constructor(options: { maxEventLength?: number } = {}) {
    this.maxEventLength = options.maxEventLength ?? 1_000_000;
  }

  /** Sequences that looked like events but could not be read. */
  get dropped(): number {
    return this.#droppedCount;
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
      const end = buffer.indexOf(BEL, start + OSC_PREFIX.length);
      if (end === -1) {
        const unfinished = buffer.slice(start);
        if (unfinished.length > this.maxEventLength) {
          this.#droppedCount++;
          pushText(out, unfinished.slice(OSC_PREFIX.length));
          return out;
        }
        this.#pending = unfinished;
        return out;
      }
      const event = parseEvent(buffer.slice(start + OSC_PREFIX.length, end));
      if (event) out.push({ kind: "event", event });
      else this.#droppedCount++;
      buffer = buffer.slice(end + BEL.length);
    }
  }

  /** Call at end of stream: whatever is held back is plain text after all. */
  flush(): ChannelChunk[] {
    const rest = this.#pending;
    this.#pending = "";
    if (!rest) return [];
    if (rest.startsWith(OSC_PREFIX)) {
      this.#droppedCount++;
      return [];
    }
    return [{ kind: "text", text: rest }];
  }
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
