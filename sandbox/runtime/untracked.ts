/**
 * OpenAI calls the instrumentation did not see: made before `payiInstrument()`, or outside every
 * scope with the global context turned off. Pay-i never hears of them, so nothing would tell the
 * learner; the sandbox prints a warning when one happens and counts them on the next call's event,
 * so the panel and the exercise checks can say "an earlier call was not tracked".
 */
import type { SourcePosition } from "./host-hooks.ts";
import { warn } from "./host-hooks.ts";

export type UntrackedReason = "before-instrument" | "no-context";

export interface UntrackedCall {
  callSite: SourcePosition | null;
  reason: UntrackedReason;
}

let pending: UntrackedCall[] = [];

function where(callSite: SourcePosition | null): string {
  return callSite ? ` at line ${callSite.line}` : "";
}

const BECAUSE: Record<UntrackedReason, string> = {
  "before-instrument": "it was made before payiInstrument(), so Pay-i never hears of it",
  "no-context":
    "it was made outside every ingest()/trackContext() scope while globalInstrumentation is false",
};

/** Records an untracked call as it reaches the provider, and says so in the run's output. */
export function noteUntrackedCall(call: UntrackedCall): void {
  pending.push(call);
  warn(`the OpenAI call${where(call.callSite)} is not tracked: ${BECAUSE[call.reason]}.`);
}

/** The untracked calls since the previous event, and a sentence about them (null: none). */
export function takeUntrackedCalls(): { count: number; warning: string | null } {
  const calls = pending;
  pending = [];
  if (calls.length === 0) return { count: 0, warning: null };
  const lines = [...new Set(calls.flatMap((call) => (call.callSite ? [call.callSite.line] : [])))];
  const at = lines.length > 0 ? ` (line ${lines.join(", ")})` : "";
  const what =
    calls.length === 1 ? "1 earlier OpenAI call" : `${calls.length} earlier OpenAI calls`;
  const reasons = [...new Set(calls.map((call) => BECAUSE[call.reason]))].join("; ");
  return {
    count: calls.length,
    warning: `${what}${at} ${calls.length === 1 ? "was" : "were"} not tracked: ${reasons}`,
  };
}

/** For tests only. */
export function resetUntrackedForTests(): void {
  pending = [];
}
