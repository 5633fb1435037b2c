/** Where in the learner's program an OpenAI call was made, read from a stack trace. */
import { host, type SourcePosition } from "./host.ts";

// V8 ("at fn (file:1:2)" or "at file:1:2") and SpiderMonkey/JavaScriptCore ("fn@file:1:2").
const FRAME = /(?:\(|@|at )([^()\s@]+?):(\d+):(\d+)\)?$/;

export function captureCallSite(stack: string | undefined): SourcePosition | null {
  if (!stack) return null;
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, file = "", lineText = "0", columnText = "0"] = match;
    const mapped = host().mapPosition(file, Number(lineText), Number(columnText));
    if (mapped) return mapped;
  }
  return null;
}
