/**
 * The call event: one per instrumented OpenAI call, emitted by the sandbox runtime and read by the
 * CLI, the live panel, Cost Drivers and the room service. Defined once, here, as a valibot schema:
 * the TypeScript types, the readers' guard and the room service's request validation all come from
 * it. Versioned: a reader checks `v` and skips versions it does not know. Times are the only fields
 * that differ between two runs of the same program with mock latency at zero (`time`, `endTime`,
 * `latencyMs`). Documented for people in docs/events.md.
 *
 * The runtime imports only the types (no validation code reaches the sandbox bundle).
 */
import * as v from "valibot";

export const EVENT_SCHEMA_VERSION = 1;

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * The learner's source line that opened a scope (the `ingest()` or `trackContext()` call), when
 * known. Optional, so events stored before it existed still read.
 */
const scopeLine = v.optional(count);

/** Where an effective value came from. */
export const OriginSchema = v.variant("kind", [
  v.object({ kind: v.literal("global"), label: v.string() }),
  v.object({ kind: v.literal("default"), label: v.string() }),
  v.object({ kind: v.literal("ingest"), label: v.string(), depth: count, line: scopeLine }),
  v.object({
    kind: v.literal("trackContext"),
    label: v.string(),
    depth: count,
    line: scopeLine,
  }),
  v.object({ kind: v.literal("header"), label: v.string(), header: v.string() }),
  v.object({ kind: v.literal("none"), label: v.string() }),
]);
export type Origin = v.InferOutput<typeof OriginSchema>;

/** One effective value with its origin and the value it replaced, if any. */
function tagged<const TValue extends v.GenericSchema>(value: TValue) {
  return v.object({
    /** `null`: no value (never set, or cleared; see `cleared`). */
    value: v.nullable(value),
    origin: OriginSchema,
    /** True when an empty value (`""`, `[]`) removed what the parent or context had. */
    cleared: v.boolean(),
    /** What this value replaced: the value the enclosing context or parent scope would have given. */
    overrode: v.nullable(v.object({ value: v.nullable(value), origin: OriginSchema })),
    /** One sentence for people, e.g. "header xProxy-User-ID overrode ingest() value user_123". */
    why: v.string(),
  });
}

export const UseCaseTagSchema = v.object({
  name: v.string(),
  id: v.nullable(v.string()),
  version: v.nullable(finite),
  step: v.nullable(v.string()),
});
export type UseCaseTag = v.InferOutput<typeof UseCaseTagSchema>;

export const UnitsSchema = v.object({
  /** Input tokens, cached ones included (as OpenAI's `prompt_tokens`). */
  input: count,
  cachedInput: count,
  output: count,
});
export type Units = v.InferOutput<typeof UnitsSchema>;

export const PriceSourceSchema = v.object({
  name: v.string(),
  version: v.string(),
  date: v.string(),
});
export type PriceSourceInfo = v.InferOutput<typeof PriceSourceSchema>;

export const CallCostSchema = v.variant("status", [
  v.object({
    status: v.literal("priced"),
    currency: v.literal("USD"),
    input: finite,
    cachedInput: finite,
    output: finite,
    total: finite,
    /** The model the price was looked up for (differs from `resource` with xProxy-PriceAs-Resource). */
    pricedAs: v.string(),
    source: PriceSourceSchema,
  }),
  v.object({
    status: v.literal("unpriced"),
    reason: v.string(),
    pricedAs: v.string(),
    source: PriceSourceSchema,
  }),
  v.object({ status: v.literal("not-charged"), reason: v.string() }),
]);
export type CallCost = v.InferOutput<typeof CallCostSchema>;

/**
 * `ok`, `exceeded`, `overrun` and `blocked` are Pay-i's states. `unknown` (no such limit in this run)
 * and `not-recorded` (Pay-i refused to record the call, so the limit counted nothing: a block limit
 * in ingest mode) are the sandbox's words for what Pay-i reports as an error instead of a state.
 */
export const LIMIT_STATES = [
  "ok",
  "exceeded",
  "overrun",
  "blocked",
  "unknown",
  "not-recorded",
] as const;
export type LimitState = (typeof LIMIT_STATES)[number];

export const LimitReportSchema = v.object({
  id: v.string(),
  name: v.nullable(v.string()),
  type: v.nullable(v.picklist(["allow", "block"])),
  max: v.nullable(finite),
  threshold: v.nullable(finite),
  /** Spend counted against the limit after this call, USD. */
  spent: finite,
  state: v.picklist(LIMIT_STATES),
  why: v.string(),
});
export type LimitReport = v.InferOutput<typeof LimitReportSchema>;

export const CALL_APIS = ["chat.completions", "responses", "embeddings"] as const;
export type CallApi = (typeof CALL_APIS)[number];

export const CallEventSchema = v.object({
  v: v.literal(EVENT_SCHEMA_VERSION),
  type: v.literal("call"),
  /** 1-based, in order of call start within one run. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** ISO time the call started and ended. */
  time: v.string(),
  endTime: v.string(),
  category: v.literal("system.openai"),
  /** The model requested. */
  resource: v.string(),
  api: v.picklist(CALL_APIS),
  streaming: v.boolean(),
  mode: v.picklist(["ingest", "proxy"]),
  userId: tagged(v.string()),
  useCase: tagged(UseCaseTagSchema),
  limitIds: tagged(v.array(v.string())),
  requestTags: tagged(v.array(v.string())),
  /** xProxy-PriceAs-* and xProxy-Resource-Scope headers, when sent. */
  priceAs: v.object({
    category: v.nullable(v.string()),
    resource: v.nullable(v.string()),
    resourceScope: v.nullable(v.string()),
  }),
  units: v.nullable(UnitsSchema),
  cost: CallCostSchema,
  limits: v.array(LimitReportSchema),
  latencyMs: finite,
  /** HTTP status the SDK saw; 0 when no response arrived. */
  status: v.pipe(v.number(), v.integer(), v.minValue(0)),
  error: v.nullable(v.object({ type: v.string(), message: v.string() })),
  /**
   * Ingest mode: Pay-i refused to record this call although the provider answered it, e.g.
   * `blocking_limit_not_allowed` when its limits include a block limit. Optional (events stored
   * before it existed still read); `null` or absent: recorded.
   */
  ingestError: v.optional(v.nullable(v.object({ code: v.string(), message: v.string() }))),
  /** Where in the learner's program the call was made (after source mapping). */
  callSite: v.nullable(v.object({ file: v.string(), line: count, column: count })),
  warnings: v.array(v.string()),
});
export type CallEvent = v.InferOutput<typeof CallEventSchema>;

/**
 * A call that reached the provider without being captured: made before `payiInstrument()`, or
 * with instrumentation on but no context to tag it with. It has no tags and no cost in Pay-i's
 * sense; the panel shows it greyed, so the learner sees the record that is missing.
 */
export const UNCAPTURED_REASONS = ["not-instrumented", "no-context"] as const;
export const UncapturedCallSchema = v.object({
  v: v.literal(EVENT_SCHEMA_VERSION),
  type: v.literal("uncaptured"),
  /** `seq` of the last captured call made before this one (0: none yet): where it goes in order. */
  afterSeq: count,
  /** 1-based among this run's uncaptured calls. */
  index: v.pipe(v.number(), v.integer(), v.minValue(1)),
  time: v.string(),
  resource: v.string(),
  api: v.picklist(CALL_APIS),
  reason: v.picklist(UNCAPTURED_REASONS),
  /** One sentence for people: "made before payiInstrument() was called". */
  why: v.string(),
  callSite: v.nullable(v.object({ file: v.string(), line: count, column: count })),
});
export type UncapturedCall = v.InferOutput<typeof UncapturedCallSchema>;

/** Everything the runtime reports about a program's provider calls. */
export const SandboxEventSchema = v.variant("type", [CallEventSchema, UncapturedCallSchema]);
export type SandboxEvent = v.InferOutput<typeof SandboxEventSchema>;

export function isSandboxEvent(value: unknown): value is SandboxEvent {
  return v.is(SandboxEventSchema, value);
}

/** A tag of the event (user id, use case, limit ids, request tags) with its origin and history. */
export type Tagged<T> = {
  value: T | null;
  origin: Origin;
  cleared: boolean;
  overrode: { value: T | null; origin: Origin } | null;
  why: string;
};
// The generic form above must stay the schema's own shape: these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameUser: Same<Tagged<string>, CallEvent["userId"]> = true;
const sameUseCase: Same<Tagged<UseCaseTag>, CallEvent["useCase"]> = true;
const sameList: Same<Tagged<string[]>, CallEvent["limitIds"]> = true;
void [sameUser, sameUseCase, sameList];

/** A call event of the schema version this code understands, complete in every field it reads. */
export function isCallEvent(value: unknown): value is CallEvent {
  return v.is(CallEventSchema, value);
}
