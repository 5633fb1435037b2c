/**
 * A hidden sandboxed frame (see frame-bootstrap.ts) and the page's side of its runs, shared by
 * the in-browser TypeScript runner and the Python runner: each run has an id, its batches and its
 * end arrive from the frame, its events are checked like any reader's, its time limits are kept
 * here, and Stop asks the frame to terminate the worker.
 */
import { isSandboxEvent, type SandboxEvent } from "../../../shared/calls/event.ts";
import { createOutputSink, type OutputSink } from "../output-stream.ts";
import { startRunClock, type RunClock } from "../run-clock.ts";
import type { RunEnd, RunHandle, RunOptions } from "../types.ts";
import { frameSrcdoc } from "./frame-bootstrap.ts";

type FrameMessage =
  | { type: "ready" }
  | { type: "batch"; runId: number; text: string; events: unknown[]; ignored: number }
  | { type: "exit"; runId: number; code: number | null; reason: string }
  | { type: "runner-error"; runId: number; message: string };

/** What a runner hands the frame to start one run (the frame adds nothing of its own). */
export interface StartRequest {
  message: Record<string, unknown>;
  transfer?: Transferable[];
}

/** A failure to prepare a run that is the program's fault: shown as its output, exit code 1. */
export class ProgramError extends Error {}

export class SandboxFrame {
  readonly #frame: HTMLIFrameElement;
  readonly #ready: Promise<void>;
  readonly #listeners = new Map<number, (message: FrameMessage) => void>();
  readonly #onMessage: (event: MessageEvent) => void;
  #nextRunId = 1;

  constructor(document: Document) {
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

  /** Posts to the frame once it is ready (e.g. files every later run needs). */
  async post(message: Record<string, unknown>, transfer: Transferable[] = []): Promise<void> {
    await this.#ready;
    this.#frame.contentWindow?.postMessage(message, "*", transfer);
  }

  /**
   * Starts a run: `prepare` builds the frame's start message (linking, loading files). The run's
   * time limits count from when it is prepared, so a slow first download is not an endless loop.
   */
  run(options: RunOptions, prepare: () => Promise<StartRequest>): RunHandle {
    const runId = this.#nextRunId++;
    const sink: OutputSink = createOutputSink(options.onOutput);
    let finish: (end: RunEnd) => void = () => undefined;
    const done = new Promise<RunEnd>((resolve) => (finish = resolve));
    let ended = false;
    let clock: RunClock | undefined;
    const end = (result: RunEnd) => {
      if (ended) return;
      ended = true;
      clock?.stop();
      this.#listeners.delete(runId);
      sink.end();
      finish(result);
    };
    // The frame terminates the worker; the run is over for the page at once.
    const stop = (result: RunEnd) => {
      this.#frame.contentWindow?.postMessage({ type: "stop", runId }, "*");
      end(result);
    };
    this.#listeners.set(runId, (message) => {
      if (message.type === "batch") {
        // The frame is ours, but its events are checked like any other reader's.
        const events = message.events.filter(isSandboxEvent) as SandboxEvent[];
        sink.pushText(message.text);
        sink.pushEvents(events);
        sink.pushIgnored(message.ignored + message.events.length - events.length);
        clock?.progress({ text: message.text, events, ignored: 0 });
      } else if (message.type === "exit") {
        if (message.reason === "stopped") end({ kind: "stopped" });
        else if (message.reason === "syntax-error")
          end({ kind: "exited", code: message.code ?? 1, crashed: false, syntaxError: true });
        else
          end({
            kind: "exited",
            code: message.code ?? 1,
            crashed: message.reason === "uncaught",
          });
      } else if (message.type === "runner-error")
        end({ kind: "runner-failed", message: message.message });
    });
    void (async () => {
      try {
        const request = await prepare();
        await this.#ready;
        if (ended) return;
        clock = startRunClock(options, (timedOut) => stop(timedOut));
        this.#frame.contentWindow?.postMessage(
          { ...request.message, type: "start", runId, latencyScale: options.latencyScale },
          "*",
          request.transfer ?? [],
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ProgramError) {
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
