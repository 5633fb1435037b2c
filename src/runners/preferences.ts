/** The learner's runner choice, remembered in the browser. Storage failures never throw. */
import type { KeyValueStore } from "../local-storage.ts";

export type { KeyValueStore };
export type RunnerPreference = "auto" | "webcontainer" | "browser";

const KEY = "payi-course:runner";

export function readRunnerPreference(store: KeyValueStore | undefined): RunnerPreference {
  try {
    const value = store?.getItem(KEY);
    return value === "webcontainer" || value === "browser" ? value : "auto";
  } catch {
    return "auto";
  }
}

/** Returns an error message when the choice could not be saved (private mode, quota). */
export function writeRunnerPreference(
  store: KeyValueStore | undefined,
  preference: RunnerPreference,
): string | null {
  try {
    store?.setItem(KEY, preference);
    return null;
  } catch (error) {
    return `Your runner choice could not be saved in this browser (${error instanceof Error ? error.message : String(error)}); it applies until you reload.`;
  }
}
