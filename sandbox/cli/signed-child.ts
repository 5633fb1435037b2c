/**
 * A host process whose stdout carries the run's signed events (see shared/calls/channel-format.ts):
 * the part both CLI runners share. Writes the run's key file, spawns the host, decodes its output
 * into text, calls and uncaptured calls, and kills it after `timeoutMs`.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  EventStreamDecoder,
  keyToHex,
  newRunKey,
  type ChannelChunk,
} from "../../shared/calls/channel-decoder.ts";
import type { RunNote } from "../../shared/calls/channel-format.ts";
import type { CallEvent, SandboxEvent, UncapturedCall } from "../../shared/calls/event.ts";

export interface SignedChildOptions {
  nodeBinary?: string;
  timeoutMs?: number;
  onText?: (text: string) => void;
  onEvent?: (event: SandboxEvent) => void;
}

export interface SignedChildResult {
  /** The process's exit code (1 when it was killed). */
  code: number;
  timedOut: boolean;
  /** The host's last note on the signed channel ("crashed", "syntax-error"), if any. */
  note: RunNote["note"] | null;
  output: string;
  events: CallEvent[];
  uncaptured: UncapturedCall[];
  forgedEvents: number;
}

export function runSignedChild(
  workDir: string,
  args: string[],
  env: Record<string, string>,
  options: SignedChildOptions,
): Promise<SignedChildResult> {
  // The run's event key: the host reads and deletes this file before the program starts.
  const key = newRunKey();
  const keyFile = path.join(workDir, ".payi-event-key");
  writeFileSync(keyFile, keyToHex(key), { mode: 0o600 });
  const child = spawn(options.nodeBinary ?? process.execPath, args, {
    cwd: workDir,
    env: { ...process.env, ...env, PAYI_EVENT_KEY_FILE: keyFile, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const decoder = new EventStreamDecoder({ key });
  let output = "";
  const events: CallEvent[] = [];
  const uncaptured: UncapturedCall[] = [];
  let note: RunNote["note"] | null = null;
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
      resolve({
        code: code ?? 1,
        timedOut,
        note,
        output,
        events,
        uncaptured,
        forgedEvents: decoder.dropped,
      });
    });
  });
}
