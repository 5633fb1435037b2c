/**
 * Runs a compiled lesson program inside a browser Web Worker (the in-browser runner). Emulates
 * what Node does around a program: `process` (env, argv, exit, stdout), console formatting,
 * uncaught errors on the learner's lines, and exiting when nothing is left to do.
 *
 * Messages in:  { type: "run", programUrl, map, fileName, latencyScale }
 * Messages out: { type: "output", text } and one { type: "exit", code, reason }
 */
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

export type HostMessage =
  | { type: "output"; text: string }
  | { type: "exit"; code: number; reason: "finished" | "exit-called" | "uncaught" | "unsettled" };

interface WorkerScope {
  postMessage(message: HostMessage): void;
  close(): void;
  addEventListener(
    type: string,
    listener: (event: Event & { error?: unknown; reason?: unknown; data?: unknown }) => void,
  ): void;
}

const worker = globalThis as unknown as WorkerScope;
let exited = false;

function post(message: HostMessage): void {
  if (!exited) worker.postMessage(message);
}

function exit(code: number, reason: Extract<HostMessage, { type: "exit" }>["reason"]): void {
  if (exited) return;
  post({ type: "exit", code, reason });
  exited = true;
  worker.close();
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

worker.addEventListener("message", (event) => {
  const message = event.data as RunMessage;
  if (message?.type !== "run") return;
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
  const write = (text: string) => {
    pending.touch();
    post({ type: "output", text });
  };
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
    if (error instanceof ProcessExit) return;
    write(formatUncaught(error, mapper, kind));
    exit(1, "uncaught");
  };
  worker.addEventListener("error", (errorEvent) => {
    errorEvent.preventDefault();
    fail(errorEvent.error, "error");
  });
  worker.addEventListener("unhandledrejection", (rejection) => {
    rejection.preventDefault();
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
});
