/**
 * Makes `.then` callbacks and timers run in the scope that was current when they were scheduled,
 * the way Node's AsyncLocalStorage behaves. Installed once per process, before the program runs.
 * Native `await` never calls `Promise.prototype.then`, which is why the compiler lowers async
 * functions (see ./async-helpers.ts) rather than relying on this alone.
 */
import { markProgramPromise } from "./program-promises.ts";
import { bindToCurrentScope, currentScope } from "./store.ts";

const INSTALLED = Symbol.for("payi-lab.propagation");

type AnyFn = (...args: unknown[]) => unknown;

function wrapCallback(callback: unknown): unknown {
  return typeof callback === "function" && currentScope() !== undefined
    ? bindToCurrentScope(callback as AnyFn)
    : callback;
}

/** The original `then`, for runtime code that must not pay for or be affected by the wrapper. */
export const nativeThen = Promise.prototype.then;

export function installPropagation(): void {
  const global = globalThis as Record<PropertyKey, unknown>;
  if (global[INSTALLED]) return;
  global[INSTALLED] = true;

  Promise.prototype.then = function patchedThen(
    this: Promise<unknown>,
    onFulfilled?: unknown,
    onRejected?: unknown,
  ) {
    return markProgramPromise(
      nativeThen.call(this, wrapCallback(onFulfilled) as AnyFn, wrapCallback(onRejected) as AnyFn),
    );
  } as typeof Promise.prototype.then;

  const nativeReject = Promise.reject;
  Promise.reject = function patchedReject(this: PromiseConstructor, reason?: unknown) {
    return markProgramPromise(nativeReject.call(this, reason));
  } as typeof Promise.reject;

  for (const name of ["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]) {
    const original = global[name];
    if (typeof original !== "function") continue;
    global[name] = function (this: unknown, callback: unknown, ...rest: unknown[]) {
      // Called on globalThis: browsers throw "Illegal invocation" for any other receiver.
      return (original as AnyFn).call(globalThis, wrapCallback(callback), ...rest);
    };
  }

  const processObject = global["process"] as { nextTick?: AnyFn } | undefined;
  if (processObject && typeof processObject.nextTick === "function") {
    const originalNextTick = processObject.nextTick;
    processObject.nextTick = function (this: unknown, callback: unknown, ...rest: unknown[]) {
      return originalNextTick.call(processObject, wrapCallback(callback), ...rest);
    };
  }
}
