/** What the learner is told when a run ends, and where its runtime error points. */
import type { RunEnd } from "../runners/types.ts";

/** How a run ended, in the same words for the terminal, the panel and screen readers. */
export type RunEndOutcome =
  "finished" | "exited" | "stopped" | "timed-out" | "crashed" | "runner-failed";

export interface EndSummary {
  outcome: RunEndOutcome;
  /** "Stopped", "Timed out", "Crashed", "Exited with code 2", "Finished". */
  title: string;
  /** The title with what the learner should know: calls made, why it stopped, what to do. */
  text: string;
  kind: "info" | "warn" | "error";
  exitCode?: number;
}

export interface RunCounts {
  calls: number;
  uncaptured: number;
  /** Fake events or runner messages the program produced, ignored. */
  ignored: number;
}

function countsText({ calls, uncaptured }: RunCounts): string {
  const captured = `${calls} instrumented call${calls === 1 ? "" : "s"}`;
  return uncaptured > 0 ? `${captured}, ${uncaptured} not captured` : captured;
}

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`;
}

export function describeEnd(end: RunEnd, counts: RunCounts): EndSummary {
  const calls = countsText(counts);
  switch (end.kind) {
    case "exited":
      if (end.syntaxError)
        return {
          outcome: "exited",
          title: "Not run",
          text: "Not run: Python found a syntax error (see above). Fix the marked line and run it again.",
          kind: "error",
          exitCode: end.code,
        };
      if (end.crashed)
        return {
          outcome: "crashed",
          title: "Crashed",
          text: `Crashed: an uncaught error ended the program (see above) · ${calls}`,
          kind: "error",
          exitCode: end.code,
        };
      return end.code === 0
        ? {
            outcome: "finished",
            title: "Finished",
            text: `Finished · ${calls}`,
            kind: "info",
            exitCode: 0,
          }
        : {
            outcome: "exited",
            title: `Exited with code ${end.code}`,
            text: `Exited with code ${end.code} · ${calls}`,
            kind: "error",
            exitCode: end.code,
          };
    case "stopped":
      return { outcome: "stopped", title: "Stopped", text: `Stopped · ${calls}`, kind: "warn" };
    case "timed-out":
      return {
        outcome: "timed-out",
        title: "Timed out",
        text:
          end.reason === "no-progress"
            ? `Timed out: nothing printed and no call made for ${seconds(end.afterMs)} (an endless loop, or a timer never cleared?) · ${calls}`
            : `Timed out at the ${seconds(end.afterMs)} limit while the program was still ${end.busy === "calling" ? "making calls" : end.busy === "printing" ? "printing" : "running"} · ${calls}`,
        kind: "error",
      };
    case "runner-failed":
      return {
        outcome: "runner-failed",
        title: "The runner failed",
        text: `The runner failed: ${end.message}. Try again, or choose another runner.`,
        kind: "error",
      };
  }
}

/** A program that could not be compiled never ran. */
export const NOT_RUN = {
  phase: "ended",
  outcome: "exited",
  exitCode: 1,
  text: "Not run: the code has errors (see the terminal).",
} as const;

/** The panel's header speaks of the end in the terminal's words. */
export function panelEnd(summary: EndSummary) {
  return {
    phase: "ended" as const,
    outcome: summary.outcome === "runner-failed" ? ("crashed" as const) : summary.outcome,
    exitCode: summary.exitCode,
    text: summary.text,
  };
}

/** Said once at the end when the program produced fake events or runner messages. */
export function describeIgnored(ignored: number): string | null {
  if (ignored === 0) return null;
  return `${ignored} fake call event${ignored === 1 ? "" : "s"} or runner message${ignored === 1 ? "" : "s"} from the program ${ignored === 1 ? "was" : "were"} ignored: only the runtime reports calls and the end of a run.`;
}

type Marker = { line: number; column: number; message: string };

/**
 * Where a Python traceback (or syntax error) points in the learner's file: its last frame in that
 * file (the line that raised), with the error's own last line as the message.
 */
function pythonMarkers(output: string, fileName: string): Marker[] {
  // A traceback starts with its header; a syntax error has none, only its File line.
  let start = output.lastIndexOf("Traceback (most recent call last):");
  if (start < 0) start = output.lastIndexOf(`File "${fileName}"`);
  if (start < 0) return [];
  const block = output.slice(start);
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const last = [...block.matchAll(new RegExp(`File "${escaped}", line (\\d+)`, "g"))].at(-1);
  if (!last) return [];
  const message =
    block
      .trimEnd()
      .split("\n")
      .reverse()
      .find((line) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b/.test(line)) ??
    "error";
  return [{ line: Number(last[1]), column: 1, message }];
}

/** Positions of the learner's file in an uncaught error's trace, first one first. */
export function errorMarkersFrom(output: string, fileName: string): Marker[] {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
  if (fileName.endsWith(".py")) return pythonMarkers(plain, fileName);
  const uncaught = /(?:Uncaught|Unhandled promise rejection) ([^\n]*)\n((?:\s+at [^\n]+\n?)*)/.exec(
    plain,
  );
  if (!uncaught) return [];
  const message = uncaught[1] ?? "error";
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const at = new RegExp(`at ${escaped}:(\\d+):(\\d+)`).exec(uncaught[2] ?? "");
  return at ? [{ line: Number(at[1]), column: Number(at[2]), message }] : [];
}
