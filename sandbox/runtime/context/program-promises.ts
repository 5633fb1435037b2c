/**
 * Promises the program's own code made (its async functions, `.then` chains, `Promise.reject`),
 * so a host can tell a rejection the program left unhandled from one the browser reports by
 * mistake: in an opaque-origin worker, Chromium fires `unhandledrejection` with reason
 * `undefined` for an internal promise after an IndexedDB call is refused, even when the program
 * caught the refusal (docs/decisions.md, "Only real failures fail a run").
 */
const made = new WeakSet<object>();

export function markProgramPromise<T>(promise: T): T {
  if (typeof promise === "object" && promise !== null) made.add(promise);
  return promise;
}

export function isProgramPromise(promise: unknown): boolean {
  return typeof promise === "object" && promise !== null && made.has(promise);
}
