/**
 * Which exercises the learner solved, kept in this browser, and whether they had the solution
 * shown first ("solved with the solution shown"). Storage failures never throw.
 */
import type { KeyValueStore } from "../local-storage.ts";

const KEY = "payi-course:progress";
const SOLUTIONS_KEY = "payi-course:solutions-shown";
/** Dispatched on `window` when progress changes in this tab (other tabs get `storage` events). */
export const PROGRESS_EVENT = "payi-progress-changed";

export type Progress = Record<string, { solvedAt: string; withSolution?: boolean }>;

function readRecord(store: KeyValueStore | undefined, key: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(key) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function readProgress(store: KeyValueStore | undefined): Progress {
  return readRecord(store, KEY) as Progress;
}

/** Whether the learner had this exercise's solution shown (before or after solving it). */
export function solutionWasShown(store: KeyValueStore | undefined, exerciseId: string): boolean {
  return exerciseId in readRecord(store, SOLUTIONS_KEY);
}

/** Returns an error message when it could not be saved. */
export function markSolutionShown(
  store: KeyValueStore | undefined,
  exerciseId: string,
  now = new Date(),
): string | null {
  try {
    const shown = readRecord(store, SOLUTIONS_KEY);
    shown[exerciseId] ??= now.toISOString();
    store?.setItem(SOLUTIONS_KEY, JSON.stringify(shown));
    return null;
  } catch (error) {
    return `Could not note in this browser that the solution was shown (${error instanceof Error ? error.name : String(error)}).`;
  }
}

/**
 * Returns an error message when it could not be saved. A solve with the solution shown counts as
 * solved, marked as such; a solve without it is never downgraded by a later one.
 */
export function markSolved(
  store: KeyValueStore | undefined,
  exerciseId: string,
  now = new Date(),
): string | null {
  try {
    const progress = readProgress(store);
    const withSolution = solutionWasShown(store, exerciseId);
    const earlier = progress[exerciseId];
    if (!earlier) {
      progress[exerciseId] = {
        solvedAt: now.toISOString(),
        ...(withSolution ? { withSolution: true } : {}),
      };
    }
    store?.setItem(KEY, JSON.stringify(progress));
    return null;
  } catch (error) {
    return `Solved, but your progress could not be saved in this browser (${error instanceof Error ? error.name : String(error)}).`;
  }
}

/** Solved and total exercises per day (`day-2-...` ids belong to day 2). */
export function progressByDay(
  progress: Progress,
  exerciseIds: string[],
): Map<number, { solved: number; total: number; withSolution: number }> {
  const days = new Map<number, { solved: number; total: number; withSolution: number }>();
  for (const id of exerciseIds) {
    const day = Number(/^day-(\d+)-/.exec(id)?.[1]);
    if (!Number.isFinite(day)) continue;
    const entry = days.get(day) ?? { solved: 0, total: 0, withSolution: 0 };
    entry.total += 1;
    if (progress[id]) entry.solved += 1;
    if (progress[id]?.withSolution) entry.withSolution += 1;
    days.set(day, entry);
  }
  return days;
}
