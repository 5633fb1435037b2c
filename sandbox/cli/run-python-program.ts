/**
 * Runs one Python lesson program in a Node child process exactly as the browser's Python runner
 * does: Pyodide, the course's modules, the same runtime bundle. The Python counterpart of
 * run-program.ts, with the same result shape (a syntax error is found by Python itself, before
 * the program runs).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import {
  EventStreamDecoder,
  keyToHex,
  newRunKey,
  type ChannelChunk,
} from "../../shared/calls/channel-decoder.ts";
import type { CallEvent, UncapturedCall } from "../../shared/calls/event.ts";
import { MODULES_DIR, PYTHON_MODULES_FILE } from "../bundle/build.ts";
import type { RunOptions } from "./run-program.ts";

export type PythonRunEnd =
  | { kind: "exited"; code: number; crashed: boolean }
  | { kind: "syntax-error"; code: number }
  | { kind: "timed-out"; afterMs: number };

export interface PythonRunResult {
  end: PythonRunEnd;
  output: string;
  events: CallEvent[];
  uncaptured: UncapturedCall[];
  forgedEvents: number;
}

/** The folder of the `pyodide` npm package (its wasm, stdlib and loader). */
export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pyodide/package.json"));
}

export function runPythonProgram(source: string, options: RunOptions): Promise<PythonRunResult> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "payi-python-"));
  const programFile = path.join(workDir, options.fileName);
  writeFileSync(programFile, source);
  const key = newRunKey();
  const keyFile = path.join(workDir, ".payi-event-key");
  writeFileSync(keyFile, keyToHex(key), { mode: 0o600 });
  const hostPath = path.join(MODULES_DIR, "payi-lab", "host-python-node.js");
  const child = spawn(
    options.nodeBinary ?? process.execPath,
    [hostPath, programFile, options.fileName],
    {
      cwd: workDir,
      env: {
        ...process.env,
        PAYI_SANDBOX_LATENCY: String(options.latencyScale ?? 1),
        PAYI_EVENT_KEY_FILE: keyFile,
        PAYI_PYODIDE_DIR: pyodideDir(),
        PAYI_PYTHON_MODULES: PYTHON_MODULES_FILE,
        NODE_OPTIONS: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const decoder = new EventStreamDecoder({ key });
  let output = "";
  const events: CallEvent[] = [];
  const uncaptured: UncapturedCall[] = [];
  let note: "crashed" | "syntax-error" | null = null;
  const deliver = (chunks: ChannelChunk[]) => {
    for (const chunk of chunks) {
      if (chunk.kind === "text") {
        output += chunk.text;
        options.onText?.(chunk.text);
      } else if (chunk.kind === "note") {
        note = chunk.note;
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
      rmSync(workDir, { recursive: true, force: true });
      const exitCode = code ?? 1;
      const end: PythonRunEnd = timedOut
        ? { kind: "timed-out", afterMs: options.timeoutMs ?? 0 }
        : note === "syntax-error"
          ? { kind: "syntax-error", code: exitCode }
          : { kind: "exited", code: exitCode, crashed: note === "crashed" };
      resolve({ end, output, events, uncaptured, forgedEvents: decoder.dropped });
    });
  });
}
