/**
 * A realistic call event (as a Day 2 run emits it) for tests and the load script that need calls
 * without running a sandbox. Shape: shared/calls/event.ts; typed without a cast, so the compiler
 * keeps it an event the runtime could emit (the room service validates it against that schema).
 */
import type { CallEvent } from "../../shared/calls/event.ts";
import type { CallOrigin, ForwardedCall } from "../../shared/workshop/protocol.ts";

export interface SampleCall {
  userId?: string | null;
  useCase?: string | null;
  resource?: string;
  input?: number;
  output?: number;
  /** USD; null makes the call unpriced. */
  costUsd?: number | null;
  status?: number;
  seq?: number;
}

export function sampleCallEvent(options: SampleCall = {}): CallEvent {
  const userId = options.userId === undefined ? "user_123" : options.userId;
  const useCase = options.useCase === undefined ? "answer-with-user" : options.useCase;
  const costUsd = options.costUsd === undefined ? 0.00000885 : options.costUsd;
  const status = options.status ?? 200;
  const time = new Date().toISOString();
  const none = { kind: "none", label: "nothing" } as const;
  const resource = options.resource ?? "gpt-4o-mini";
  const source = { name: "@pydantic/genai-prices", version: "0.1.8", date: "2026-11-27" };
  return {
    v: 1,
    type: "call",
    seq: options.seq ?? 1,
    time,
    endTime: time,
    category: "system.openai",
    resource,
    api: "chat.completions",
    streaming: false,
    mode: "ingest",
    userId: {
      value: userId,
      origin: userId ? { kind: "ingest", label: "ingest() at line 7", depth: 1 } : none,
      cleared: false,
      overrode: null,
      why: userId ? "user id set by ingest() at line 7" : "no user id: nothing set one",
    },
    useCase: {
      value: useCase ? { name: useCase, id: "uc_001_16cc5e", version: null, step: null } : null,
      origin: useCase ? { kind: "default", label: "the default use case" } : none,
      cleared: false,
      overrode: null,
      why: useCase ? `use case ${useCase} is the default` : "no use case",
    },
    limitIds: { value: null, origin: none, cleared: false, overrode: null, why: "no limit ids" },
    requestTags: {
      value: null,
      origin: none,
      cleared: false,
      overrode: null,
      why: "no request tags",
    },
    priceAs: { category: null, resource: null, resourceScope: null },
    units:
      status >= 400
        ? null
        : { input: options.input ?? 11, cachedInput: 0, output: options.output ?? 12 },
    cost:
      status >= 400
        ? { status: "not-charged", reason: "the call failed" }
        : costUsd === null
          ? { status: "unpriced", reason: "no price for this model", pricedAs: resource, source }
          : {
              status: "priced",
              currency: "USD",
              input: costUsd / 2,
              cachedInput: 0,
              output: costUsd / 2,
              total: costUsd,
              source,
              pricedAs: resource,
            },
    limits: [],
    latencyMs: 20,
    status,
    error: status >= 400 ? { type: "invalid_request_error", message: "bad request" } : null,
    callSite: { file: "answer-with-user.ts", line: 8, column: 43 },
    warnings: [],
  };
}

let counter = 0;

export function sampleOrigin(lesson = "day-2"): CallOrigin {
  return {
    runId: "run-1",
    sandboxId: "answer-with-user",
    lesson,
    runner: "browser",
    recordedAt: new Date().toISOString(),
  };
}

/** A forwarded call with a fresh client id. */
export function sampleForwardedCall(options: SampleCall = {}): ForwardedCall {
  counter++;
  return {
    id: `call-${process.pid}-${counter.toString().padStart(6, "0")}`,
    event: sampleCallEvent(options),
    meta: sampleOrigin(),
  };
}
