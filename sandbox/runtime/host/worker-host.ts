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
import { installEventSink } from "../event-channel.ts";
import { isProgramPromise } from "../context/program-promises.ts";
import { configureHost } from "../host-hooks.ts";
import { installConsole } from "./console.ts";
import { formatUncaught } from "./errors.ts";
import { createPositionMapper } from "./source-map.ts";
import { trackPendingWork, type PendingWork } from "./pending-work.ts";
import { createPortOutput, type ExitReason, type Port, type PortOutput } from "./port-output.ts";

export interface RunMessage {
  type: "run";
  programUrl: string;
  map: string;
  fileName: string;
  latencyScale: number;
}

export type { ExitReason, HostMessage } from "./port-output.ts";

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

let output: PortOutput | undefined;

function exit(code: number, reason: ExitReason): void {
  output?.exit(code, reason);
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
    if (output?.exited) return;
    pending.touch();
    output?.write(chunk);
  };
  installEventSink((event) => {
    if (output?.exited) return;
    pending.touch();
    output?.event(event);
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
    if (error instanceof ProcessExit || output?.exited) return;
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
  if (data?.type !== "connect" || !given || output) return;
  output = createPortOutput(given);
  worker.removeEventListener("message", onConnect as (event: Event) => void);
  given.addEventListener("message", (portEvent) => {
    const message = portEvent.data as RunMessage | undefined;
    if (message?.type === "run") run(message);
  });
  given.start();
};
worker.addEventListener("message", onConnect);
