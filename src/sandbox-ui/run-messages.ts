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

/** Said once at the end when the program produced fake events or runner messages. */
export function describeIgnored(ignored: number): string | null {
  if (ignored === 0) return null;
  return `${ignored} fake call event${ignored === 1 ? "" : "s"} or runner message${ignored === 1 ? "" : "s"} from the program ${ignored === 1 ? "was" : "were"} ignored: only the runtime reports calls and the end of a run.`;
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
