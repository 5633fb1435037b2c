/**
 * What the live panel says about the run: the state line ("Running · 3 instrumented calls"), the
 * empty state, the runner's note on how it ended, the sentence said at the end, and the notice
 * about calls left out. Text only; the panel (live-panel.ts) puts it on the page.
 */
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import type { SpendCounts } from "../../../shared/calls/summarize.ts";

/** How a run ended, in the terminal's words. */
export type RunOutcome = "finished" | "exited" | "stopped" | "timed-out" | "crashed";

export type RunState =
  | { phase: "idle" }
  | { phase: "running" }
  | {
      phase: "ended";
      outcome: RunOutcome;
      /** For "exited": the program's exit code. */
      exitCode?: number;
      /**
       * The runner's sentence about the end, e.g. "Stopped after 30 s: the program did not
       * finish". Shown under the header (and announced) when it says more than the outcome.
       */
      text: string;
    };

/** The string states of the first panel; "failed" reads "Failed". Prefer a `RunState`. */
export type LegacyRunState = "idle" | "running" | "finished" | "failed";

export interface Ended {
  outcome: RunOutcome | "failed";
  exitCode?: number;
  text: string;
}

/** A run as the panel keeps it: its phase and, once ended, how. */
export interface Run {
  phase: RunState["phase"];
  end?: Ended;
}

/** Calls seen so far: instrumented ones, and those that reached the provider uncaptured. */
export interface RunCounts {
  calls: number;
  uncaptured: number;
}

export function normalizeRunState(state: RunState | LegacyRunState): Run {
  if (typeof state === "string") {
    if (state === "finished") return { phase: "ended", end: { outcome: "finished", text: "" } };
    if (state === "failed") return { phase: "ended", end: { outcome: "failed", text: "" } };
    return { phase: state };
  }
  if (state.phase !== "ended") return { phase: state.phase };
  const end: Ended = { outcome: state.outcome, text: state.text ?? "" };
  if (state.exitCode !== undefined) end.exitCode = state.exitCode;
  return { phase: "ended", end };
}

/** The outcome in the terminal's words: "Stopped", "Exited with code 2". */
export function outcomeWord(end: Ended): string {
  switch (end.outcome) {
    case "finished":
      return "Finished";
    case "exited":
      return end.exitCode === undefined ? "Exited" : `Exited with code ${end.exitCode}`;
    case "stopped":
      return "Stopped";
    case "timed-out":
      return "Timed out";
    case "crashed":
      return "Crashed";
    case "failed":
      return "Failed";
  }
}

/** "2 instrumented calls, 1 not captured". */
export function countsText(counts: RunCounts): string {
  const calls = plural(counts.calls, "instrumented call");
  return counts.uncaptured > 0
    ? `${calls}, ${formatTokens(counts.uncaptured)} not captured`
    : calls;
}

/** The runner's sentence, when it says more than the outcome word does. */
export function endNoteText(end: Ended | undefined): string {
  if (!end?.text) return "";
  return end.text.startsWith(outcomeWord(end)) ? "" : end.text;
}

/** Said to screen readers when the run has ended: how, the calls, the spend. */
export function endMessage(end: Ended | undefined, counts: RunCounts, totals: SpendCounts): string {
  const word = end ? outcomeWord(end) : "Finished";
  const note = endNoteText(end);
  const tail = note ? ` ${note}` : "";
  if (counts.calls === 0 && counts.uncaptured === 0) return `${word}: no OpenAI calls.${tail}`;
  const unpriced =
    totals.unpricedCalls > 0 ? `, plus ${plural(totals.unpricedCalls, "unpriced call")}` : "";
  return `${word}: ${countsText(counts)}, ${formatUsd(totals.spendUsd)} spent${unpriced}.${tail}`;
}

/** The run's word in the state line: "Running", the outcome, or nothing before a run. */
function phaseWord(run: Run): string {
  if (run.phase === "running") return "Running";
  return run.phase === "ended" && run.end ? outcomeWord(run.end) : "";
}

/** Shown while no call is listed. */
export function emptyText(run: Run): string {
  if (run.phase === "idle") return "Run the example to see how each call is tagged.";
  if (run.phase === "running") return "Waiting for the first call…";
  return run.end?.outcome === "finished"
    ? "The program finished without making an OpenAI call."
    : `${phaseWord(run)} before making an OpenAI call.`;
}

/** The state line's text, and its `data-state` (the phase, or how the run ended). */
export function stateLine(run: Run, counts: RunCounts): { text: string; state: string } {
  const word = phaseWord(run);
  const any = counts.calls + counts.uncaptured > 0;
  const text = !any ? word : word ? `${word} · ${countsText(counts)}` : countsText(counts);
  const state = run.phase === "ended" ? (run.end?.outcome ?? "ended") : run.phase;
  return { text, state };
}

/** The notice about calls counted but no longer listed (`cut` of them, past `maxRows`). */
export function cutText(cut: number, maxRows: number): string {
  const later = `${formatTokens(cut)} later ${cut === 1 ? "call is" : "calls are"}`;
  return (
    `Only the first ${formatTokens(maxRows)} calls are listed: ${later} not shown here ` +
    "but counted in the spend per user below."
  );
}
