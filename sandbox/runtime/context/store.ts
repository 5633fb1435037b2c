/**
 * The current instrumentation scope of the running flow, carried by the runtime itself.
 *
 * AsyncLocalStorage cannot be used: it loses its store across `await` inside WebContainer
 * (webcontainer-core issue #1169) and does not exist in a browser worker. Instead:
 * - one variable holds the scope of the code running right now;
 * - every way code resumes later captures that variable when the continuation is created and
 *   restores it around the continuation: the lesson compiler lowers `async` functions to
 *   generators driven by our awaiter (./async-helpers.ts), and ./propagation.ts wraps
 *   `Promise.prototype.then` and the timer functions.
 * Every synchronous slice restores the previous value when it ends, so between two tasks the
 * variable is always back to "no scope".
 */
import type { Scope } from "../scope.ts";

let current: Scope | undefined;

export function currentScope(): Scope | undefined {
  return current;
}

export function runInScope<T>(scope: Scope | undefined, fn: () => T): T {
  const previous = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** Wraps `fn` so that, whenever and wherever it is called, it runs in the scope current now. */
export function bindToCurrentScope<A extends unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => R {
  const captured = current;
  return function (this: unknown, ...args: A): R {
    return runInScope(captured, () => fn.apply(this, args));
  };
}
