/** Reading the learner's positions out of a stack trace: call sites of OpenAI calls, error traces. */
import { host, type SourcePosition } from "./host-hooks.ts";

type Mapper = (file: string, line: number, column: number) => SourcePosition | null;

// V8 ("at fn (file:1:2)" or "at file:1:2") and SpiderMonkey/JavaScriptCore ("fn@file:1:2").
const FRAME = /(?:\(|@|at )([^()\s@]+?):(\d+):(\d+)\)?$/;

/** The frames `map` recognises as the learner's, mapped, innermost first (lazily: callers may stop early). */
export function* mappedFrames(stack: string | undefined, map: Mapper): Generator<SourcePosition> {
  for (const line of (stack ?? "").split("\n")) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const mapped = map(match[1] ?? "", Number(match[2]), Number(match[3]));
    if (mapped) yield mapped;
  }
}

export function captureCallSite(stack: string | undefined): SourcePosition | null {
  for (const frame of mappedFrames(stack, host().mapPosition)) return frame;
  return null;
}
