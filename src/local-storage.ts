/**
 * This origin's localStorage, or `undefined` where there is none: no window (Node's test runner),
 * or storage blocked by the browser's settings, where merely reading `window.localStorage` throws.
 * Callers treat `undefined` as "nothing saved" and keep working.
 */
export function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** What the site's small preference stores read and write: localStorage, or a stand-in in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
