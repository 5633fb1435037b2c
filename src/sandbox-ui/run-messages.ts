/** What the learner is told when a run ends, and where its runtime error points. */
import type { RunEnd } from "../runners/types.ts";

export function describeEnd(
  end: RunEnd,
  calls: number,
): { text: string; kind: "info" | "warn" | "error" } {
  const callText = `${calls} instrumented call${calls === 1 ? "" : "s"}`;
  switch (end.kind) {
    case "exited":
      return end.code === 0
        ? { text: `Finished · ${callText}`, kind: "info" }
        : { text: `Exited with code ${end.code} · ${callText}`, kind: "error" };
    case "stopped":
      return { text: `Stopped · ${callText}`, kind: "warn" };
    case "timed-out":
      return {
        text: `Stopped after ${Math.round(end.afterMs / 1000)} s: the program did not finish (an endless loop, or a timer never cleared?)`,
        kind: "error",
      };
    case "runner-failed":
      return {
        text: `The runner failed: ${end.message}. Try again, or choose another runner.`,
        kind: "error",
      };
  }
}

/** Positions of the learner's file in an uncaught error's trace, first one first. */
export function errorMarkersFrom(
  output: string,
  fileName: string,
): { line: number; column: number; message: string }[] {
  const uncaught = /(?:Uncaught|Unhandled promise rejection) ([^\n]*)\n((?:\s+at [^\n]+\n?)*)/.exec(
    output.replace(/\u001b\[[0-9;]*m/g, ""),
  );
  if (!uncaught) return [];
  const message = uncaught[1] ?? "error";
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const at = new RegExp(`at ${escaped}:(\\d+):(\\d+)`).exec(uncaught[2] ?? "");
  return at ? [{ line: Number(at[1]), column: Number(at[2]), message }] : [];
}
