/**
 * Runs a compiled lesson program inside a browser Web Worker (the in-browser runner). Emulates
 * what Node does around a program: `process` (env, argv, exit, stdout), console formatting,
 * uncaught errors on the learner's lines, and ending when nothing is left to do.
 *
 * Trust: the frame hands this host a private MessagePort before any program exists (`connect` on
 * the worker's global channel, accepted once). Output, events and the end of the run travel on
 * that port only; the program never sees it, and whatever the program posts on the worker's own
 * channel is ignored by the frame. The frame ends the run by terminating the worker, so no
 * message can keep a program alive or declare it finished.
 *
 *   global in:  { type: "connect" } + port        (once, before the program)
 *   port in:    { type: "run", programUrl, map, fileName, latencyScale }
 *   port out:   { type: "batch", text, events } ...  then one { type: "exit", code, reason }
 */
import type { SandboxEvent } from "../../../shared/calls/event.ts";
import { installEventSink } from "../call.ts";
import { isProgramPromise } from "../context/program-promises.ts";
import { configureHost } from "../host-hooks.ts";
import { installConsole } from "./console.ts";
import { formatUncaught } from "./errors.ts";
import { createPositionMapper } from "./source-map.ts";
import { trackPendingWork, type PendingWork } from "./pending-work.ts";

export interface RunMessage {
  type: "run";
  programUrl: string;
  map: string;
  fileName: string;
  latencyScale: number;
}

export type ExitReason = "finished" | "exit-called" | "uncaught" | "unsettled";

export type HostMessage =
  | { type: "batch"; text: string; events: SandboxEvent[] }
  | { type: "exit"; code: number; reason: ExitReason };

/** The frame's private port, as much of it as the host uses. */
interface Port {
  postMessage(message: HostMessage): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  start(): void;
}

interface WorkerScope {
  addEventListener(
    type: string,
    listener: (
      event: Event & {
        error?: unknown;
        reason?: unknown;
        promise?: unknown;
        data?: unknown;
        ports?: readonly Port[];
      },
    ) => void,
  ): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

const worker = globalThis as unknown as WorkerScope;
// Captured before the program exists: its later changes to these cannot reach the host.
const realSetTimeout = setTimeout;
const postOnPort = Function.prototype.call.bind(MessagePort.prototype.postMessage) as (
  port: Port,
  message: HostMessage,
) => void;

/**
 * Batching: a program that prints a line now and then has each line posted at once (so output
 * printed just before an endless loop still shows); one that floods is posted in batches, at most
 * WINDOW_POSTS posts per WINDOW_MS window plus one per BATCH_TEXT_BYTES, so the frame and the
 * page get a few dozen messages a second, not one per line. Timers cannot be relied on: a
 * synchronous loop never lets them run, so the window is checked on every write.
 */
const WINDOW_MS = 16;
const WINDOW_POSTS = 32;
const BATCH_TEXT_BYTES = 64 * 1024;
const BATCH_EVENTS = 256;
const now = performance.now.bind(performance);

let port: Port | undefined;
let exited = false;
let text = "";
let events: SandboxEvent[] = [];
let flushScheduled = false;
let windowStart = 0;
let postsInWindow = 0;

function flush(): void {
  flushScheduled = false;
  if (!port || (text === "" && events.length === 0)) return;
  postOnPort(port, { type: "batch", text, events });
  text = "";
  events = [];
  postsInWindow++;
}

function scheduleFlush(): void {
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
}

function exit(code: number, reason: ExitReason): void {
  if (exited || !port) return;
  exited = true;
  flush();
  postOnPort(port, { type: "exit", code, reason });
}

/** Thrown by `process.exit()` to stop the current code, as Node stops the process. */
class ProcessExit extends Error {}

function installProcess(fileName: string, write: (text: string) => void): void {
  const processShim = {
    env: {} as Record<string, string | undefined>,
    argv: ["node", fileName],
    platform: "browser",
    versions: {} as Record<string, string>,
    exitCode: undefined as number | undefined,
    stdout: { write: (text: string) => (write(String(text)), true), isTTY: false },
    stderr: { write: (text: string) => (write(String(text)), true), isTTY: false },
    nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
      queueMicrotask(() => callback(...args)),
    exit(code?: number): never {
      exit(code ?? processShim.exitCode ?? 0, "exit-called");
      throw new ProcessExit();
    },
    cwd: () => "/",
    on: () => processShim,
  };
  (globalThis as { process?: unknown }).process = processShim;
  // Node has setImmediate; workers do not. A zero timeout is the closest equivalent.
  const global = globalThis as unknown as Record<string, unknown>;
  global["setImmediate"] ??= (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
    setTimeout(callback, 0, ...args);
  global["clearImmediate"] ??= (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle);
}

function run(message: RunMessage): void {
  let settled = false;
  // Like Node: with nothing scheduled (and nothing happening), the program is over.
  const pending: PendingWork = trackPendingWork(() => {
    const code = (globalThis as { process?: { exitCode?: number } }).process?.exitCode ?? 0;
    if (settled) exit(code, "finished");
    else {
      write(
        "Warning: Detected unsettled top-level await: the program waits for something that can never happen.\n",
      );
      exit(13, "unsettled");
    }
  });
  const write = (chunk: string) => {
    if (exited) return;
    pending.touch();
    text += chunk;
    scheduleFlush();
  };
  installEventSink((event) => {
    if (exited) return;
    pending.touch();
    events.push(event);
    scheduleFlush();
  });
  const mapper = createPositionMapper(message.programUrl, message.map, message.fileName);
  configureHost({
    write,
    entryFile: message.fileName,
    mapPosition: mapper,
    latencyScale: message.latencyScale,
  });
  installConsole(write);
  installProcess(message.fileName, write);

  const fail = (error: unknown, kind: "error" | "rejection") => {
    if (error instanceof ProcessExit || exited) return;
    write(formatUncaught(error, mapper, kind));
    exit(1, "uncaught");
  };
  worker.addEventListener("error", (errorEvent) => {
    errorEvent.preventDefault();
    fail(errorEvent.error, "error");
  });
  worker.addEventListener("unhandledrejection", (rejection) => {
    rejection.preventDefault();
    // Chromium's spurious report in opaque-origin workers (see program-promises.ts): reason
    // undefined, for a promise the program never made. A real `Promise.reject()` still counts.
    if (rejection.reason === undefined && !isProgramPromise(rejection.promise)) return;
    fail(rejection.reason, "rejection");
  });

  import(/* @vite-ignore */ message.programUrl).then(
    () => {
      settled = true;
      pending.check();
    },
    (error: unknown) => {
      settled = true;
      fail(error, "error");
    },
  );
}

const onConnect = (event: Event & { data?: unknown; ports?: readonly Port[] }) => {
  const data = event.data as { type?: string } | undefined;
  const given = event.ports?.[0];
  if (data?.type !== "connect" || !given || port) return;
  port = given;
  worker.removeEventListener("message", onConnect as (event: Event) => void);
  port.addEventListener("message", (portEvent) => {
    const message = portEvent.data as RunMessage | undefined;
    if (message?.type === "run") run(message);
  });
  port.start();
};
worker.addEventListener("message", onConnect);
