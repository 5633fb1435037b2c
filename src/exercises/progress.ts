/** Which exercises the learner solved, kept in this browser. Storage failures never throw. */
import type { KeyValueStore } from "../runners/preferences.ts";

const KEY = "payi-course:progress";
/** Dispatched on `window` when progress changes in this tab (other tabs get `storage` events). */
export const PROGRESS_EVENT = "payi-progress-changed";

export type Progress = Record<string, { solvedAt: string }>;

export function readProgress(store: KeyValueStore | undefined): Progress {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Progress) : {};
  } catch {
    return {};
  }
}

/** Returns an error message when it could not be saved. */
export function markSolved(
  store: KeyValueStore | undefined,
  exerciseId: string,
  now = new Date(),
): string | null {
  try {
    const progress = readProgress(store);
    progress[exerciseId] ??= { solvedAt: now.toISOString() };
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
): Map<number, { solved: number; total: number }> {
  const days = new Map<number, { solved: number; total: number }>();
  for (const id of exerciseIds) {
    const day = Number(/^day-(\d+)-/.exec(id)?.[1]);
    if (!Number.isFinite(day)) continue;
    const entry = days.get(day) ?? { solved: 0, total: 0 };
    entry.total += 1;
    if (progress[id]) entry.solved += 1;
    days.set(day, entry);
  }
  return days;
}
