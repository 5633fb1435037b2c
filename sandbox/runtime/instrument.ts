/**
 * The instrumentation API: `payiInstrument`, `ingest`, `trackContext`. A TypeScript re-creation,
 * for teaching, of the Python SDK's `payi_instrument`, `@ingest` and `track_context`.
 */
import { currentScope, runInScope } from "./context/store.ts";
import { installPropagation } from "./context/propagation.ts";
import { captureCallSite } from "./callsite.ts";
import { host, warn } from "./host-hooks.ts";
import { nextUseCaseId } from "./ids.ts";
import { buildScope, type Scope, type ScopeOptions } from "./scope.ts";

installPropagation();

export interface PayiInstrumentConfig {
  /** Open a global context from this config (default true). With false, only calls inside `ingest`/`trackContext` are tracked. */
  globalInstrumentation?: boolean;
  userId?: string;
  /** Without this key the default use case is named after the entry file; `""` turns the default off. */
  useCaseName?: string;
  useCaseId?: string;
  useCaseVersion?: number;
  limitIds?: string[];
  requestTags?: string[];
  /** Proxy mode: calls go through Pay-i, which can enforce block limits. Default false (ingest mode). */
  proxy?: boolean;
}

export interface IngestOptions {
  /** The end user every call inside is attributed to; `""` clears the parent's. */
  userId?: string;
  useCaseName?: string;
  useCaseId?: string;
  useCaseVersion?: number;
  /** Limits (budgets) the calls count against, added to the parent's. `[]` clears them. */
  limitIds?: string[];
}

export interface TrackContextOptions extends IngestOptions {
  useCaseStep?: string;
  requestTags?: string[];
  /** Switch to proxy mode (true) or ingest mode (false) inside this scope. */
  proxy?: boolean;
}

interface RuntimeState {
  instrumented: boolean;
  global: Scope | undefined;
}

const state: RuntimeState = { instrumented: false, global: undefined };

/** True once `payiInstrument()` has run. */
export function isInstrumented(): boolean {
  return state.instrumented;
}

/** The scope a call made right now reads: the innermost open scope, else the global one. */
export function activeScope(): Scope | undefined {
  return currentScope() ?? state.global;
}

export function defaultUseCaseName(entryFile: string | undefined): string | undefined {
  if (!entryFile) return undefined;
  const base = entryFile.split(/[\\/]/).pop() ?? entryFile;
  return (
    base
      .replace(/\.[^.]*$/, "")
      .replace(/ /g, "_")
      .toLowerCase() || undefined
  );
}

/**
 * Turns instrumentation on: call it once at start-up, before the first OpenAI call. Every call
 * after it is captured (model, tokens, cost, latency) under the global context built from
 * `config`. A second call does nothing; `config` is never modified.
 */
export function payiInstrument(config: PayiInstrumentConfig = {}): void {
  instrumentProcess(config, "payiInstrument() config");
}

/**
 * `payiInstrument` with the global context's label in the program's own language (the Python
 * bridge says `payi_instrument() config`): the one place instrumentation is turned on.
 */
export function instrumentProcess(config: PayiInstrumentConfig, globalLabel: string): void {
  if (state.instrumented) return;
  state.instrumented = true;
  if (config.globalInstrumentation === false) return;
  const options: ScopeOptions = { ...config };
  if (!("useCaseName" in config)) {
    const name = defaultUseCaseName(host().entryFile);
    if (name)
      Object.assign(options, {
        useCaseName: name,
        useCaseId: nextUseCaseId(name),
        useCaseVersion: undefined,
      });
  }
  state.global = buildScope({
    kind: "global",
    label: globalLabel,
    options,
    parent: undefined,
    warn,
  });
  if (!("useCaseName" in config) && state.global.useCase) {
    const origin = {
      kind: "default" as const,
      label: "the default use case (named after the entry file)",
    };
    state.global = { ...state.global, useCase: { ...state.global.useCase, origin } };
  }
}

/** The learner's line that called ingest()/trackContext(), e.g. 12, if known. */
function declarationLine(): number | null {
  return captureCallSite(new Error().stack)?.line ?? null;
}

/**
 * A scope built from `options` and `parent` by the runtime's own rules: how `ingest` and
 * `trackContext` open theirs, and how the Python bridge opens every scope of a Python program.
 */
export function openScope(
  kind: "ingest" | "trackContext",
  label: string,
  line: number | null,
  options: ScopeOptions,
  parent: Scope | undefined,
): Scope {
  return buildScope({ kind, label, line, options, parent, warn });
}

function enter<T>(
  kind: "ingest" | "trackContext",
  label: string,
  line: number | null,
  options: ScopeOptions,
  body: () => T,
): T {
  return runInScope(openScope(kind, label, line, options, activeScope()), body);
}

type AnyFunction = (this: unknown, ...args: never[]) => unknown;

function wrap<F extends AnyFunction>(
  options: IngestOptions,
  fn: F,
  name: string,
  where: number | null,
): F {
  // "ingest() on handleRequest, line 8", or "ingest() at line 8" for an anonymous function.
  const at = where === null ? "" : name ? `, line ${where}` : ` at line ${where}`;
  const label = `ingest()${name ? ` on ${name}` : ""}${at}`;
  // ingest never sets the mode: only the fields below are taken.
  const { userId, useCaseName, useCaseId, useCaseVersion, limitIds } = options;
  const own: ScopeOptions = Object.fromEntries(
    Object.entries({ userId, useCaseName, useCaseId, useCaseVersion, limitIds }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  const wrapped = function (this: unknown, ...args: never[]) {
    return enter("ingest", label, where, own, () => fn.apply(this, args));
  };
  Object.defineProperty(wrapped, "name", { value: name });
  return wrapped as unknown as F;
}

/** The decorator form of `ingest(options)`: works on functions and on class methods. */
export interface IngestDecorator {
  <F extends AnyFunction>(fn: F, context?: ClassMethodDecoratorContext | unknown): F;
}

/**
 * Opens a scope with `options` around every call of `fn`: OpenAI calls inside it, however deep
 * and after any number of `await`s, are tagged with its user id, use case and limits.
 * `ingest(options, fn)` returns the wrapped function; `ingest(options)` is a decorator.
 * The options are read once, here: to tag each request with its own user, call `ingest` (or
 * pass headers) per request, not once at start-up.
 */
export function ingest<F extends AnyFunction>(options: IngestOptions, fn: F): F;
export function ingest(options: IngestOptions): IngestDecorator;
export function ingest<F extends AnyFunction>(options: IngestOptions, fn?: F): F | IngestDecorator {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      'ingest(options, fn): options must be an object such as { userId: "user_123" }.',
    );
  }
  const where = declarationLine();
  if (fn !== undefined) {
    if (typeof fn !== "function")
      throw new TypeError("ingest(options, fn): fn must be a function.");
    return wrap(options, fn, fn.name, where);
  }
  return function ingestDecorator(target: F, context?: unknown): F {
    // Legacy (experimentalDecorators) form: (prototype, key, descriptor).
    if (arguments.length === 3)
      throw new TypeError(
        "ingest: use standard decorators (TypeScript 5+), not experimentalDecorators.",
      );
    if (typeof target !== "function")
      throw new TypeError("ingest(options) decorates a function or a class method.");
    const name =
      context && typeof context === "object" && "name" in context
        ? String((context as { name: unknown }).name)
        : target.name;
    return wrap(options, target, name, where);
  } as IngestDecorator;
}

/** Runs `fn` inside a scope built from `options`; returns what `fn` returns (a promise for an async fn). */
export function trackContext<T>(options: TrackContextOptions, fn: () => T): T {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      'trackContext(options, fn): options must be an object such as { useCaseStep: "retrieve" }.',
    );
  }
  if (typeof fn !== "function")
    throw new TypeError(
      "trackContext(options, fn): fn must be a function that runs inside the scope.",
    );
  const line = declarationLine();
  return enter(
    "trackContext",
    `trackContext()${line === null ? "" : ` at line ${line}`}`,
    line,
    options,
    fn,
  );
}

/** For tests only: forget that instrumentation ran. */
export function resetInstrumentationForTests(): void {
  state.instrumented = false;
  state.global = undefined;
}
