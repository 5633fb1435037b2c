/**
 * Builds call events for tests, shaped exactly as the runtime emits them (modelled on
 * `npm run -s sandbox -- content/examples/day-2/answer-with-user.ts --events jsonl --latency 0`),
 * typed by the real schema so a schema change breaks the tests that depend on it.
 */
import type {
  CallCost,
  CallEvent,
  LimitReport,
  Origin,
  Tagged,
  UncapturedCall,
  UseCaseTag,
} from "../../../../shared/calls/event.ts";

const SOURCE = { name: "@pydantic/genai-prices", version: "0.1.8", date: "2026-11-27" };
const NOTHING: Origin = { kind: "none", label: "nothing" };

export function ingestOrigin(line = 7): Origin {
  return { kind: "ingest", label: `ingest() (at line ${line})`, depth: 1 };
}

/** A user id set by `ingest()`. */
export function userFromIngest(id: string, line = 7): Tagged<string> {
  return {
    value: id,
    origin: ingestOrigin(line),
    cleared: false,
    overrode: null,
    why: `user id set by ingest() (at line ${line})`,
  };
}

/** A user id sent in the xProxy-User-ID header, replacing the one `ingest()` set. */
export function userFromHeader(id: string, replaced: string, line = 7): Tagged<string> {
  return {
    value: id,
    origin: { kind: "header", label: "header xProxy-User-ID", header: "xProxy-User-ID" },
    cleared: false,
    overrode: { value: replaced, origin: ingestOrigin(line) },
    why: `header xProxy-User-ID overrode ingest() (at line ${line}) value ${replaced}`,
  };
}

export const NO_USER: Tagged<string> = {
  value: null,
  origin: NOTHING,
  cleared: false,
  overrode: null,
  why: "no user id: nothing set one, so this call is not attributable to a user",
};

export function useCase(name: string, extra: Partial<UseCaseTag> = {}): Tagged<UseCaseTag> {
  return {
    value: { name, id: "uc_001_16cc5e", version: null, step: null, ...extra },
    origin: { kind: "default", label: "the default use case (named after the entry file)" },
    cleared: false,
    overrode: null,
    why: `use case ${name} is the default: named after the entry file`,
  };
}

function nothing<T>(what: string): Tagged<T> {
  return { value: null, origin: NOTHING, cleared: false, overrode: null, why: `no ${what}` };
}

export function priced(total: number, pricedAs = "gpt-4o-mini"): CallCost {
  // Split as the pricing does: the parts add up to the total.
  const input = total / 3;
  return {
    status: "priced",
    currency: "USD",
    input,
    cachedInput: 0,
    output: total - input,
    total,
    pricedAs,
    source: SOURCE,
  };
}

export function unpriced(model: string): CallCost {
  return {
    status: "unpriced",
    reason: `"${model}" is a fine-tuned model: its rates are set per account and are not in the price table.`,
    pricedAs: model,
    source: SOURCE,
  };
}

export function limitReport(
  report: Partial<LimitReport> & Pick<LimitReport, "id" | "spent" | "state">,
): LimitReport {
  return {
    name: report.id.replace(/^lim_/, ""),
    type: "allow",
    max: 0.01,
    threshold: 1,
    why: `$${report.spent.toFixed(6)} of $${report.max ?? 0.01} spent`,
    ...report,
  };
}

/** One successful, priced call for `user_123`; override any field. */
export function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  const event: CallEvent = {
    v: 1,
    type: "call",
    seq: 1,
    time: "2026-11-27T06:41:14.960Z",
    endTime: "2026-11-27T06:41:14.985Z",
    category: "system.openai",
    resource: "gpt-4o-mini",
    api: "chat.completions",
    streaming: false,
    mode: "ingest",
    userId: userFromIngest("user_123"),
    useCase: useCase("answer-with-user"),
    limitIds: nothing("limit ids"),
    requestTags: nothing("request tags"),
    priceAs: { category: null, resource: null, resourceScope: null },
    units: { input: 11, cachedInput: 0, output: 12 },
    cost: priced(0.00000885),
    limits: [],
    latencyMs: 24,
    status: 200,
    error: null,
    callSite: { file: "answer-with-user.ts", line: 8, column: 43 },
    warnings: [],
  };
  return { ...event, ...overrides };
}

/** A call that reached the mock API and failed there. */
export function failedCall(
  status: number,
  type: string,
  message: string,
  overrides: Partial<CallEvent> = {},
): CallEvent {
  return callEvent({
    status,
    error: { type, message },
    units: null,
    cost: { status: "not-charged", reason: "the call failed" },
    ...overrides,
  });
}

/** A proxy-mode call that a block limit refused. */
export function blockedCall(limitName: string, overrides: Partial<CallEvent> = {}): CallEvent {
  const id = `lim_${limitName}`;
  return callEvent({
    mode: "proxy",
    status: 400,
    error: {
      type: "limit_reached",
      message: `Insufficient limit for the requested operation: ${limitName} is over its max. The Pay-i proxy refused the call; nothing was sent to the provider.`,
    },
    units: null,
    cost: { status: "not-charged", reason: "blocked by a limit" },
    limits: [
      limitReport({
        id,
        name: limitName,
        type: "block",
        max: 0.01,
        spent: 0.01,
        state: "blocked",
        why: `block limit ${limitName} is over its max of $0.01; the proxy refused the call`,
      }),
    ],
    ...overrides,
  });
}

/** An ingest-mode call with a block limit: the provider answered, Pay-i refused to record it. */
export function notRecordedCall(limitName: string, overrides: Partial<CallEvent> = {}): CallEvent {
  return callEvent({
    ingestError: {
      code: "blocking_limit_not_allowed",
      message: "Block limits cannot be used for ingest requests",
    },
    limits: [
      limitReport({
        id: `lim_${limitName}`,
        name: limitName,
        type: "block",
        max: 0.01,
        spent: 0,
        state: "not-recorded",
        why: `block limits cannot be used in ingest mode: Pay-i refused to record this call (blocking_limit_not_allowed), so ${limitName} counted nothing`,
      }),
    ],
    ...overrides,
  });
}

/** A call that reached the provider without being captured; `afterSeq` places it in call order. */
export function uncapturedCall(
  afterSeq: number,
  index: number,
  reason: UncapturedCall["reason"],
): UncapturedCall {
  return {
    v: 1,
    type: "uncaptured",
    afterSeq,
    index,
    time: "2026-11-27T06:41:14.950Z",
    resource: "gpt-4o-mini",
    api: "chat.completions",
    reason,
    why:
      reason === "not-instrumented"
        ? "made before payiInstrument() was called"
        : "instrumentation is on, but no context was active to tag it",
    callSite: { file: "answer-with-user.ts", line: 4, column: 3 },
  };
}
