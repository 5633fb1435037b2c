/**
 * Checks for exercises: pure functions of a run (its events, output and exit code) that say
 * precisely what is still wrong. The same check runs in the page (the Check button) and in the
 * lesson tests (starter must fail, solution must pass).
 */
import type { CallEvent, UncapturedCall } from "../../shared/calls/event.ts";

export interface ExerciseRun {
  events: CallEvent[];
  /** Calls that reached the provider without instrumentation (before payiInstrument(), say). */
  uncaptured: UncapturedCall[];
  output: string;
  /** null when the run did not end by itself (stopped, timed out, runner failure). */
  exitCode: number | null;
}

export interface CheckResult {
  passed: boolean;
  /** What is still wrong, one sentence each, for the learner. Empty when passed. */
  problems: string[];
}

export interface CheckTools {
  run: ExerciseRun;
  /** Records a problem; the check goes on so the learner sees everything at once. */
  fail(problem: string): void;
  /** Calls made by this user id (null: calls with no user). */
  callsBy(userId: string | null): CallEvent[];
  /** Distinct user ids in call order (null for calls with no user). */
  users(): (string | null)[];
}

export type Check = (run: ExerciseRun) => CheckResult;

export function defineCheck(body: (tools: CheckTools) => void): Check {
  return (run) => {
    const problems: string[] = [];
    if (run.exitCode !== 0) {
      problems.push(
        run.exitCode === null
          ? "The program did not finish: run it again and let it end."
          : `The program exited with code ${run.exitCode}: fix the error shown in the terminal first.`,
      );
      return { passed: false, problems };
    }
    const tools: CheckTools = {
      run,
      fail: (problem) => void problems.push(problem),
      callsBy: (userId) => run.events.filter((event) => event.userId.value === userId),
      users: () => [...new Set(run.events.map((event) => event.userId.value))],
    };
    body(tools);
    return { passed: problems.length === 0, problems };
  };
}

/** "1 call", "3 calls". */
export function calls(count: number): string {
  return `${count} call${count === 1 ? "" : "s"}`;
}
