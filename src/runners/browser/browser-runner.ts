/**
 * Runs programs in this browser: a worker inside a sandboxed, opaque-origin frame, against the
 * same runtime bundle WebContainer mounts. Works offline and without cross-origin isolation.
 * Each run gets a fresh worker (a fresh "process"); Stop terminates it, even in an endless loop.
 */
import { isSandboxEvent, type SandboxEvent } from "../../../shared/calls/event.ts";
import { createOutputSink } from "../output-stream.ts";
import { startRunClock } from "../run-clock.ts";
import type { RuntimeFile } from "../runtime-files.ts";
import type { CompiledProgram, RunEnd, RunHandle, RunOptions, Runner } from "../types.ts";
import { frameSrcdoc } from "./frame-bootstrap.ts";
import {
  linkProgram,
  linkRuntime,
  ModuleNotAvailable,
  type LinkedRuntime,
} from "./link-modules.ts";

type FrameMessage =
  | { type: "ready" }
  | { type: "batch"; runId: number; text: string; events: unknown[]; ignored: number }
  | { type: "exit"; runId: number; code: number | null; reason: string }
  | { type: "runner-error"; runId: number; message: string };

export class BrowserRunner implements Runner {
  readonly kind = "browser" as const;
  readonly label = "In your browser";
  readonly #runtime: Promise<LinkedRuntime>;
  #runtimeSent = false;
  readonly #frame: HTMLIFrameElement;
  readonly #ready: Promise<void>;
  readonly #listeners = new Map<number, (message: FrameMessage) => void>();
  readonly #onMessage: (event: MessageEvent) => void;
  #nextRunId = 1;

  constructor(runtime: RuntimeFile[], document: Document) {
    this.#runtime = linkRuntime(runtime);
    this.#runtime.catch(() => undefined); // reported by the run that needs it
    this.#frame = document.createElement("iframe");
    this.#frame.setAttribute("sandbox", "allow-scripts");
    this.#frame.setAttribute("aria-hidden", "true");
    this.#frame.title = "Sandbox runner (hidden)";
    this.#frame.style.display = "none";
    let markReady: () => void = () => undefined;
    this.#ready = new Promise((resolve) => (markReady = resolve));
    this.#onMessage = (event: MessageEvent) => {
      if (event.source !== this.#frame.contentWindow) return;
      const message = event.data as FrameMessage;
      if (message.type === "ready") markReady();
      else this.#listeners.get(message.runId)?.(message);
    };
    window.addEventListener("message", this.#onMessage);
    this.#frame.srcdoc = frameSrcdoc();
    document.body.append(this.#frame);
  }

  run(program: CompiledProgram, options: RunOptions): RunHandle {
    const runId = this.#nextRunId++;
    const programId = `program/${program.outputFile}`;
    const sink = createOutputSink(options.onOutput);
    let finish: (end: RunEnd) => void = () => undefined;
    const done = new Promise<RunEnd>((resolve) => (finish = resolve));
    let ended = false;
    const end = (result: RunEnd) => {
      if (ended) return;
      ended = true;
      clock.stop();
      this.#listeners.delete(runId);
      sink.end();
      finish(result);
    };
    // The frame terminates the worker; the run is over for the page at once.
    const stop = (result: RunEnd) => {
      this.#frame.contentWindow?.postMessage({ type: "stop", runId }, "*");
      end(result);
    };
    const clock = startRunClock(options, (timedOut) => stop(timedOut));
    this.#listeners.set(runId, (message) => {
      if (message.type === "batch") {
        // The frame is ours, but its events are checked like any other reader's.
        const events = message.events.filter(isSandboxEvent) as SandboxEvent[];
        sink.pushText(message.text);
        sink.pushEvents(events);
        sink.pushIgnored(message.ignored + message.events.length - events.length);
        clock.progress({ text: message.text, events, ignored: 0 });
      } else if (message.type === "exit")
        end(
          message.reason === "stopped"
            ? { kind: "stopped" }
            : { kind: "exited", code: message.code ?? 1, crashed: message.reason === "uncaught" },
        );
      else if (message.type === "runner-error")
        end({ kind: "runner-failed", message: message.message });
    });
    void (async () => {
      try {
        const runtime = await this.#runtime;
        const linkedProgram = await linkProgram(runtime, { id: programId, code: program.code });
        await this.#ready;
        if (ended) return;
        // The frame keeps the runtime's blob: URLs, so the runtime travels once per page.
        const modules = this.#runtimeSent ? [linkedProgram] : [...runtime.modules, linkedProgram];
        this.#runtimeSent = true;
        this.#frame.contentWindow?.postMessage(
          {
            type: "start",
            runId,
            modules,
            programId,
            map: program.map,
            fileName: program.fileName,
            latencyScale: options.latencyScale,
          },
          "*",
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ModuleNotAvailable) {
          // A program importing something the browser runner lacks: the learner's error, not the runner's.
          sink.pushText(`\u001b[31m${message}\u001b[0m\n`);
          end({ kind: "exited", code: 1, crashed: false });
        } else {
          end({ kind: "runner-failed", message });
        }
      }
    })();
    return { done, stop: () => stop({ kind: "stopped" }) };
  }

  dispose(): void {
    window.removeEventListener("message", this.#onMessage);
    this.#frame.remove();
  }
}
