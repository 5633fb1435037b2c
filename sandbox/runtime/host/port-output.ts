/**
 * What a worker host reports on the frame's private port: the program's output and the runtime's
 * events in batches, then one end. Shared by the TypeScript and the Python worker hosts.
 *
 * Batching: a program that prints a line now and then has each line posted at once (so output
 * printed just before an endless loop still shows); one that floods is posted in batches, at most
 * WINDOW_POSTS posts per WINDOW_MS window plus one per BATCH_TEXT_BYTES, so the frame and the
 * page get a few dozen messages a second, not one per line. Timers cannot be relied on: a
 * synchronous loop never lets them run, so the window is checked on every write.
 */
import type { SandboxEvent } from "../../../shared/calls/event.ts";

export type ExitReason = "finished" | "exit-called" | "uncaught" | "unsettled" | "syntax-error";

export type HostMessage =
  | { type: "batch"; text: string; events: SandboxEvent[] }
  | { type: "exit"; code: number; reason: ExitReason };

/** The frame's private port, as much of it as a host uses. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  start(): void;
}

const WINDOW_MS = 16;
const WINDOW_POSTS = 32;
const BATCH_TEXT_BYTES = 64 * 1024;
const BATCH_EVENTS = 256;

export interface PortOutput {
  write(text: string): void;
  event(event: SandboxEvent): void;
  exit(code: number, reason: ExitReason): void;
  readonly exited: boolean;
}

/**
 * Captures what it needs now, before any program exists: the program's later changes to
 * `setTimeout`, `performance` or `MessagePort.prototype.postMessage` cannot reach it.
 */
export function createPortOutput(port: Port): PortOutput {
  const realSetTimeout = setTimeout;
  const now = performance.now.bind(performance);
  const post = Function.prototype.call.bind(MessagePort.prototype.postMessage) as (
    port: Port,
    message: HostMessage,
  ) => void;
  let exited = false;
  let text = "";
  let events: SandboxEvent[] = [];
  let flushScheduled = false;
  let windowStart = 0;
  let postsInWindow = 0;

  const flush = (): void => {
    flushScheduled = false;
    if (text === "" && events.length === 0) return;
    post(port, { type: "batch", text, events });
    text = "";
    events = [];
    postsInWindow++;
  };
  const scheduleFlush = (): void => {
    const time = now();
    if (time - windowStart >= WINDOW_MS) {
      windowStart = time;
      postsInWindow = 0;
    }
    if (
      postsInWindow < WINDOW_POSTS ||
      text.length >= BATCH_TEXT_BYTES ||
      events.length >= BATCH_EVENTS
    )
      flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      realSetTimeout(flush, WINDOW_MS);
    }
  };
  return {
    write(chunk) {
      if (exited) return;
      text += chunk;
      scheduleFlush();
    },
    event(event) {
      if (exited) return;
      events.push(event);
      scheduleFlush();
    },
    exit(code, reason) {
      if (exited) return;
      exited = true;
      flush();
      post(port, { type: "exit", code, reason });
    },
    get exited() {
      return exited;
    },
  };
}
