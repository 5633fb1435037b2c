/**
 * The helpers that lowered lesson code calls (the compiler points TypeScript's `importHelpers`
 * at this module instead of tslib). Only the two that resume code later differ from tslib's:
 * they capture the scope when the async function is called and restore it around every step
 * of the generator, so a scope survives any number of `await`s.
 */
import { __asyncGenerator as tslibAsyncGenerator } from "tslib";
import { runInScope, currentScope } from "./store.ts";
import { markProgramPromise } from "./program-promises.ts";
import { nativeThen } from "./propagation.ts";

export * from "tslib";

type StepMethod = "next" | "throw";

export function __awaiter(
  thisArg: unknown,
  args: unknown,
  PromiseCtor: PromiseConstructor | undefined,
  body: (...args: unknown[]) => Generator<unknown, unknown, unknown>,
): Promise<unknown> {
  const scope = currentScope();
  const P = PromiseCtor ?? Promise;
  const made = new P((resolve, reject) => {
    const generator = body.apply(thisArg, (args as unknown[] | undefined) ?? []);
    const step = (method: StepMethod, input: unknown): void => {
      let result: IteratorResult<unknown>;
      try {
        result = runInScope(scope, () => generator[method](input));
      } catch (error) {
        reject(error);
        return;
      }
      if (result.done) {
        resolve(result.value);
        return;
      }
      // P.resolve, not `instanceof`: a Promise subclass (the SDK's APIPromise) must be adopted
      // through its own `then`, since its constructor is not an executor constructor.
      const awaited = P.resolve(result.value);
      nativeThen.call(
        awaited,
        (value) => step("next", value),
        (error: unknown) => step("throw", error),
      );
    };
    step("next", undefined);
  });
  return markProgramPromise(made);
}

export function __asyncGenerator(
  thisArg: unknown,
  args: unknown,
  body: (...args: unknown[]) => Generator<unknown, unknown, unknown>,
): AsyncGenerator<unknown> {
  const scope = currentScope();
  const inScope = function (this: unknown, ...callArgs: unknown[]) {
    const generator = body.apply(this, callArgs);
    return {
      next: (value: unknown) => runInScope(scope, () => generator.next(value)),
      throw: (error: unknown) => runInScope(scope, () => generator.throw(error)),
      return: (value: unknown) => runInScope(scope, () => generator.return(value)),
      [Symbol.iterator]() {
        return this;
      },
    };
  };
  return (tslibAsyncGenerator as (t: unknown, a: unknown, g: unknown) => AsyncGenerator<unknown>)(
    thisArg,
    args,
    inScope,
  );
}
