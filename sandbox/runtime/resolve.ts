/**
 * The effective tags of one call: the innermost scope, then the call's own `xProxy-*` headers,
 * which win per key. Each value keeps its origin and what it overrode, with a sentence for people.
 */
import type { Origin, Tagged, UseCaseTag } from "../../shared/calls/event.ts";
import { HEADER, splitListHeader, type HeaderKey } from "./headers.ts";
import type { Held, Scope } from "./scope.ts";

export interface EffectiveTags {
  userId: Tagged<string>;
  useCase: Tagged<UseCaseTag>;
  limitIds: Tagged<string[]>;
  requestTags: Tagged<string[]>;
  priceAs: { category: string | null; resource: string | null; resourceScope: string | null };
}

const NOTHING: Origin = { kind: "none", label: "nothing" };

function show(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  if (typeof value === "object") return (value as UseCaseTag).name;
  return String(value);
}

function fromScope<T>(
  held: Held<T> | undefined,
  scope: Scope | undefined,
  what: string,
  emptyWhy: string,
): Tagged<T> {
  if (!held) return { value: null, origin: NOTHING, cleared: false, overrode: null, why: emptyWhy };
  const { value, origin, cleared, overrode, note } = held;
  const inherited = scope !== undefined && "depth" in origin && origin.depth < scope.depth;
  let why: string;
  if (cleared) {
    why = `cleared by ${origin.label}${overrode ? ` (it removed ${show(overrode.value)} from ${overrode.origin.label})` : ""}`;
    why += inherited ? "; inherited by the inner scope" : "";
  } else if (origin.kind === "default") {
    return {
      value,
      origin,
      cleared,
      overrode,
      why: `${what} ${show(value)} is the default: named after the entry file`,
    };
  } else {
    why = `${inherited ? "inherited from" : "set by"} ${origin.label}`;
    if (note) why += `, ${note}`;
    // Replacing "nothing" (a parent that had cleared the value) is not worth saying.
    if (overrode && overrode.value !== null && !inherited)
      why += `, overriding ${show(overrode.value)} from ${overrode.origin.label}`;
  }
  return { value, origin, cleared, overrode, why: `${what} ${why}` };
}

function headerOrigin(key: HeaderKey): Origin {
  return { kind: "header", label: `header ${HEADER[key]}`, header: HEADER[key] };
}

function overrideByHeader<T>(
  base: Tagged<T>,
  key: HeaderKey,
  raw: string | undefined,
  parse: (raw: string) => T,
): Tagged<T> {
  if (raw === undefined) return base;
  const origin = headerOrigin(key);
  const overrode =
    base.value !== null || base.cleared ? { value: base.value, origin: base.origin } : null;
  const was =
    overrode && overrode.value !== null
      ? ` ${show(overrode.value)} from ${overrode.origin.label}`
      : "";
  const parsed = raw === "" ? null : parse(raw);
  if (parsed === null || (Array.isArray(parsed) && parsed.length === 0)) {
    return {
      value: null,
      origin,
      cleared: true,
      overrode,
      why: `an empty ${origin.label} cleared${was || " it"} for this call`,
    };
  }
  return {
    value: parsed,
    origin,
    cleared: false,
    overrode,
    why: was ? `${origin.label} overrode${was}` : `set by ${origin.label}`,
  };
}

function resolveUseCase(
  scope: Scope | undefined,
  headers: Partial<Record<HeaderKey, string>>,
): Tagged<UseCaseTag> {
  const base = fromScope(scope?.useCase, scope, "use case", "no use case: nothing set one");
  const name = headers.useCaseName;
  // A version header is a number as sent: "0" is version 0 (only createHeaders drops a 0).
  const version = (raw: string | undefined): number | null => {
    if (raw === undefined || raw.trim() === "") return null;
    const parsed = Number(raw);
    return Number.isFinite(parsed) ? parsed : null;
  };
  if (name !== undefined) {
    // A name header takes over the whole use case: the context's id, version and step are not used.
    return overrideByHeader(base, "useCaseName", name, (raw) => ({
      name: raw,
      id: headers.useCaseId || null,
      version: version(headers.useCaseVersion),
      step: headers.useCaseStep || null,
    }));
  }
  const perKey = {
    id: headers.useCaseId || null,
    version: version(headers.useCaseVersion),
    step: headers.useCaseStep || null,
  };
  if (perKey.id === null && perKey.version === null && perKey.step === null) return base;
  // ID/Version/Step headers without a name win per key over the context (a deliberate fix of alpha.86).
  const context = base.value ?? { name: "", id: null, version: null, step: null };
  const value: UseCaseTag = {
    name: context.name,
    id: perKey.id ?? context.id,
    version: perKey.version ?? context.version,
    step: perKey.step ?? context.step,
  };
  const sent = (["useCaseId", "useCaseVersion", "useCaseStep"] as const)
    .filter((key) => headers[key])
    .map((key) => HEADER[key]);
  return {
    ...base,
    value,
    why: `${base.why}; ${sent.join(", ")} from the call's headers replaced the context's`,
  };
}

/**
 * A context's list as the SDK sends it: joined into one header and split again at ingest, so an
 * item holding a comma becomes two ("a,b" -> "a", "b"), items trimmed, blanks dropped.
 */
function splitItems(tagged: Tagged<string[]>): Tagged<string[]> {
  if (tagged.value === null) return tagged;
  const items = splitListHeader(tagged.value.join(","));
  if (items.length === 0) return { ...tagged, value: null };
  return items.length === tagged.value.length &&
    items.every((item, i) => item === tagged.value?.[i])
    ? tagged
    : { ...tagged, value: items };
}

export function resolveTags(
  scope: Scope | undefined,
  headers: Partial<Record<HeaderKey, string>>,
): EffectiveTags {
  const userId = overrideByHeader(
    fromScope(
      scope?.userId,
      scope,
      "user id",
      "no user id: nothing set one, so this call is not attributable to a user",
    ),
    "userId",
    headers.userId,
    (raw) => raw,
  );
  const limitIds = overrideByHeader(
    splitItems(fromScope(scope?.limitIds, scope, "limit ids", "no limit ids")),
    "limitIds",
    headers.limitIds,
    splitListHeader,
  );
  const requestTags = overrideByHeader(
    splitItems(fromScope(scope?.requestTags, scope, "request tags", "no request tags")),
    "requestTags",
    headers.requestTags,
    splitListHeader,
  );
  return {
    userId:
      userId.value === null && !userId.why.includes("not attributable")
        ? { ...userId, why: `${userId.why}; this call is not attributable to a user` }
        : userId,
    useCase: resolveUseCase(scope, headers),
    limitIds,
    requestTags,
    priceAs: {
      category: headers.priceAsCategory || null,
      resource: headers.priceAsResource || null,
      resourceScope: headers.resourceScope || null,
    },
  };
}
