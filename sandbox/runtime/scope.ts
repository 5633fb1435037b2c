/**
 * Building a scope from its own options and its immediate parent, field by field, exactly as
 * Pay-i's SDK does (see the semantics table in the course's design notes). A scope is immutable:
 * "closing" it is simply no longer being current.
 */
import type { Origin, UseCaseTag } from "../../shared/calls/event.ts";
import { nextUseCaseId } from "./ids.ts";

/** A value held by a scope, remembering who set it and what it replaced. */
export interface Held<T> {
  value: T | null;
  origin: Origin;
  cleared: boolean;
  overrode: { value: T | null; origin: Origin } | null;
  /** Extra words for the explanation, e.g. how a union was formed. */
  note?: string;
}

export interface Scope {
  kind: "global" | "ingest" | "trackContext";
  /** How people see this scope, e.g. `ingest() on handleRequest (line 12)`. */
  label: string;
  depth: number;
  userId: Held<string> | undefined;
  limitIds: Held<string[]> | undefined;
  useCase: Held<UseCaseTag> | undefined;
  requestTags: Held<string[]> | undefined;
  proxy: boolean;
}

export interface ScopeOptions {
  userId?: string;
  useCaseName?: string;
  useCaseId?: string;
  useCaseVersion?: number;
  useCaseStep?: string;
  limitIds?: string[];
  requestTags?: string[];
  proxy?: boolean;
}

export interface ScopeInput {
  kind: Scope["kind"];
  label: string;
  /** The learner's line that opened the scope, when known: checks and tools read it. */
  line?: number | null;
  options: ScopeOptions;
  parent: Scope | undefined;
  /** Called for options that are ignored, so the learner is told (alpha.86 ignores them silently). */
  warn: (message: string) => void;
}

function originOf(
  kind: Scope["kind"],
  label: string,
  depth: number,
  line: number | null | undefined,
): Origin {
  if (kind === "global") return { kind: "global", label };
  return typeof line === "number" ? { kind, label, depth, line } : { kind, label, depth };
}

function replaced<T>(parent: Held<T> | undefined): Held<T>["overrode"] {
  return parent && (parent.value !== null || parent.cleared)
    ? { value: parent.value, origin: parent.origin }
    : null;
}

function buildUserId(
  given: string | undefined,
  parent: Held<string> | undefined,
  origin: Origin,
): Held<string> | undefined {
  if (given === undefined) return parent;
  if (typeof given !== "string")
    throw new TypeError(
      `userId must be a string, got ${typeof given}. Pass String(id) if your ids are numbers.`,
    );
  if (given === "") return { value: null, origin, cleared: true, overrode: replaced(parent) };
  return { value: given, origin, cleared: false, overrode: replaced(parent) };
}

function buildLimitIds(
  given: string[] | undefined,
  parent: Held<string[]> | undefined,
  origin: Origin,
): Held<string[]> | undefined {
  if (given === undefined) return parent;
  if (!Array.isArray(given))
    throw new TypeError(
      `limitIds must be an array of strings, got ${typeof given}. Write limitIds: ["${String(given)}"].`,
    );
  if (given.length === 0) return { value: null, origin, cleared: true, overrode: replaced(parent) };
  const inherited = parent?.value ?? [];
  if (inherited.length === 0)
    return { value: [...given], origin, cleared: false, overrode: replaced(parent) };
  // A union, not a replacement: the parent's limits keep applying inside the scope.
  const union = [...inherited, ...given.filter((id) => !inherited.includes(id))];
  return {
    value: union,
    origin,
    cleared: false,
    overrode: null,
    note: `added to ${parent?.origin.label ?? "the parent"}'s ${inherited.join(", ")} (limit ids form a union)`,
  };
}

function givenVersion(version: number | undefined): number | null {
  return version === undefined || version === 0 ? null : version;
}

function buildUseCase(
  options: ScopeOptions,
  parent: Held<UseCaseTag> | undefined,
  origin: Origin,
  warn: (message: string) => void,
): Held<UseCaseTag> | undefined {
  const { useCaseName: name, useCaseId: id, useCaseVersion: version } = options;
  if (name === undefined) {
    if (id !== undefined || givenVersion(version) !== null) {
      warn(
        `${origin.label}: useCaseId/useCaseVersion are ignored without useCaseName (the use case is inherited from the parent). Add useCaseName to set them.`,
      );
    }
    return parent;
  }
  if (name === "") return { value: null, origin, cleared: true, overrode: replaced(parent) };
  const parentCase = parent?.value ?? null;
  const value: UseCaseTag =
    parentCase !== null && parentCase.name === name
      ? {
          name,
          id: id ?? parentCase.id,
          version: givenVersion(version) ?? parentCase.version,
          step: null,
        }
      : { name, id: id ?? nextUseCaseId(name), version: givenVersion(version), step: null };
  return { value, origin, cleared: false, overrode: replaced(parent) };
}

function withStep(
  useCase: Held<UseCaseTag> | undefined,
  step: string | undefined,
): Held<UseCaseTag> | undefined {
  // The step is never inherited; it is kept only when a use case is in scope at this level.
  const current = useCase?.value;
  if (!useCase || !current) return useCase;
  const ownStep = step ? step : null;
  return current.step === ownStep ? useCase : { ...useCase, value: { ...current, step: ownStep } };
}

function buildRequestTags(given: string[] | undefined, origin: Origin): Held<string[]> | undefined {
  // Request tags are not inherited: a scope without its own has none.
  if (given === undefined) return undefined;
  if (given.length === 0) return { value: null, origin, cleared: true, overrode: null };
  return { value: [...given], origin, cleared: false, overrode: null };
}

export function buildScope({ kind, label, line, options, parent, warn }: ScopeInput): Scope {
  const depth = parent ? parent.depth + 1 : 0;
  const origin = originOf(kind, label, depth, line);
  const useCase = buildUseCase(options, parent?.useCase, origin, warn);
  return {
    kind,
    label,
    depth,
    userId: buildUserId(options.userId, parent?.userId, origin),
    limitIds: buildLimitIds(options.limitIds, parent?.limitIds, origin),
    useCase: withStep(useCase, kind === "trackContext" ? options.useCaseStep : undefined),
    requestTags: buildRequestTags(options.requestTags, origin),
    proxy:
      kind !== "ingest" && options.proxy !== undefined ? options.proxy : (parent?.proxy ?? false),
  };
}
