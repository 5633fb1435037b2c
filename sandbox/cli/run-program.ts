/**
 * Runs one lesson program in a Node child process exactly as the browser runners do: the same
 * compiler, the same runtime bundle, the same host. Streams output through the event decoder.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileLesson, type LessonDiagnostic } from "../compiler/compile.ts";
import {
  EventStreamDecoder,
  keyToHex,
  newRunKey,
  type ChannelChunk,
} from "../../shared/calls/channel-decoder.ts";
import type { CallEvent, SandboxEvent, UncapturedCall } from "../../shared/calls/event.ts";
import { MODULES_DIR } from "../bundle/build.ts";

export interface RunOptions {
  /** The learner's file name as shown in messages, e.g. `basic.ts`. */
  fileName: string;
  /** Mock latency scale: 0 for tests. */
  latencyScale?: number;
  /** The Node binary to run on (default: this process's). WebContainer runs Node 20. */
  nodeBinary?: string;
  /** Stop the program after this many milliseconds. */
  timeoutMs?: number;
  onText?: (text: string) => void;
  /** Every event the runtime reported: instrumented calls and uncaptured ones. */
  onEvent?: (event: SandboxEvent) => void;
}

export type RunEnd =
  /** `crashed`: ended by an uncaught error or unhandled rejection. */
  | { kind: "exited"; code: number; crashed: boolean }
  | { kind: "syntax-error"; diagnostics: LessonDiagnostic[] }
  | { kind: "timed-out"; afterMs: number };

export interface RunResult {
  end: RunEnd;
  output: string;
  /** Instrumented calls. */
  events: CallEvent[];
  /** Calls that reached the provider without instrumentation. */
  uncaptured: UncapturedCall[];
  /** Sequences in the output that looked like events but were not the runtime's (forged). */
  forgedEvents: number;
}

export async function runProgram(source: string, options: RunOptions): Promise<RunResult> {
  const compiled = compileLesson(source, options.fileName);
  if (!compiled.ok) {
    return {
      end: { kind: "syntax-error", diagnostics: compiled.diagnostics },
      output: "",
      events: [],
      uncaptured: [],
      forgedEvents: 0,
    };
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), "payi-sandbox-"));
  try {
    writeFileSync(path.join(workDir, compiled.outputFile), compiled.code);
    writeFileSync(path.join(workDir, `${compiled.outputFile}.map`), compiled.map);
    symlinkSync(MODULES_DIR, path.join(workDir, "node_modules"), "dir");
    return await runCompiled(workDir, compiled.outputFile, options);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function runCompiled(workDir: string, outputFile: string, options: RunOptions): Promise<RunResult> {
  const hostPath = path.join(workDir, "node_modules", "payi-lab", "host-node.js");
  // The run's event key: the host reads and deletes this file before the program starts.
  const key = newRunKey();
  const keyFile = path.join(workDir, ".payi-event-key");
  writeFileSync(keyFile, keyToHex(key), { mode: 0o600 });
  const child = spawn(
    options.nodeBinary ?? process.execPath,
    [hostPath, outputFile, options.fileName],
    {
      cwd: workDir,
      env: {
        ...process.env,
        PAYI_SANDBOX_LATENCY: String(options.latencyScale ?? 1),
        PAYI_EVENT_KEY_FILE: keyFile,
        NODE_OPTIONS: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const decoder = new EventStreamDecoder({ key });
  let output = "";
  const events: CallEvent[] = [];
  const uncaptured: UncapturedCall[] = [];
  let crashed = false;
  const deliver = (chunks: ChannelChunk[]) => {
    for (const chunk of chunks) {
      if (chunk.kind === "text") {
        output += chunk.text;
        options.onText?.(chunk.text);
      } else if (chunk.kind === "note") {
        crashed = true;
      } else {
        if (chunk.event.type === "call") events.push(chunk.event);
        else uncaptured.push(chunk.event);
        options.onEvent?.(chunk.event);
      }
    }
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (text: string) => deliver(decoder.push(text)));
  // Node's own messages (e.g. a crash before the host starts) are output too.
  child.stderr.on("data", (text: string) => deliver([{ kind: "text", text }]));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      deliver(decoder.flush());
      const end: RunEnd = timedOut
        ? { kind: "timed-out", afterMs: options.timeoutMs ?? 0 }
        : { kind: "exited", code: code ?? 1, crashed };
      resolve({ end, output, events, uncaptured, forgedEvents: decoder.dropped });
    });
  });
}
