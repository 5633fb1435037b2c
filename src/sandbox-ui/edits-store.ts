/**
 * The learner's edits, saved per sandbox in this browser so they survive reloads, crashes of their
 * program and runner switches. Storage can fail (private mode, quota, disabled): every function
 * reports that as a message and never throws.
 */
import type { KeyValueStore } from "../local-storage.ts";

export interface SavedEdit {
  code: string;
  savedAt: string;
  /** Hash of the example as it was when the learner started editing. */
  originalHash: string;
  /** The learner's own code while the exercise's solution is shown in its place. */
  beforeSolution?: string;
}

const PREFIX = "payi-course:edit:";

/** A short, stable hash of the example source (FNV-1a), to notice when the example changed. */
export function hashSource(source: string): string {
  let hash = 2166136261;
  for (let index = 0; index < source.length; index++)
    hash = Math.imul(hash ^ source.charCodeAt(index), 16777619) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

export function loadEdit(
  store: KeyValueStore | undefined,
  sandboxId: string,
): { edit: SavedEdit | null; error: string | null } {
  try {
    const raw = store?.getItem(PREFIX + sandboxId);
    if (!raw) return { edit: null, error: null };
    const parsed = JSON.parse(raw) as Partial<SavedEdit>;
    if (typeof parsed.code !== "string") return { edit: null, error: null };
    return {
      edit: {
        code: parsed.code,
        savedAt: String(parsed.savedAt ?? ""),
        originalHash: String(parsed.originalHash ?? ""),
        ...(typeof parsed.beforeSolution === "string"
          ? { beforeSolution: parsed.beforeSolution }
          : {}),
      },
      error: null,
    };
  } catch (error) {
    return { edit: null, error: `Your saved edits could not be read (${describe(error)}).` };
  }
}

export function saveEdit(
  store: KeyValueStore | undefined,
  sandboxId: string,
  edit: SavedEdit,
): string | null {
  try {
    store?.setItem(PREFIX + sandboxId, JSON.stringify(edit));
    return null;
  } catch (error) {
    return `Your edits could not be saved in this browser (${describe(error)}). Copy your code somewhere safe before leaving the page.`;
  }
}

export function clearEdit(
  store: (KeyValueStore & { removeItem(key: string): void }) | undefined,
  sandboxId: string,
): string | null {
  try {
    store?.removeItem(PREFIX + sandboxId);
    return null;
  } catch (error) {
    return `The saved edits could not be removed (${describe(error)}).`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name || error.message : String(error);
}
