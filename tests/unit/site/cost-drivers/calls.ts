/**
 * Stored calls for the Cost Drivers tests: events shaped exactly as the runtime emits them
 * (`npm run sandbox -- content/examples/day-2/answer-with-user.ts --events jsonl`), typed by the
 * real schema so a schema change breaks these tests.
 */
import type {
  CallCost,
  CallEvent,
  LimitReport,
  Tagged,
  UseCaseTag,
} from "../../../../shared/calls/event.ts";
import type { StoredCall } from "../../../../src/cost-drivers/record.ts";

const SOURCE = { name: "@pydantic/genai-prices", version: "0.1.8", date: "2026-11-27" };

export function user(id: string | null): Tagged<string> {
  return id === null
    ? {
        value: null,
        origin: { kind: "none", label: "nothing" },
        cleared: false,
        overrode: null,
        why: "no user id: nothing set one, so this call is not attributable to a user",
      }
    : {
        value: id,
        origin: { kind: "ingest", label: "ingest() at line 7", depth: 1 },
        cleared: false,
        overrode: null,
        why: "user id set by ingest() at line 7",
      };
}

export function useCase(
  name: string | null,
  id: string | null = "uc_001_16cc5e",
): Tagged<UseCaseTag> {
  return name === null
    ? {
        value: null,
        origin: { kind: "none", label: "nothing" },
        cleared: false,
        overrode: null,
        why: "no use case",
      }
    : {
        value: { name, id, version: null, step: null },
        origin: { kind: "ingest", label: "ingest() at line 5", depth: 1 },
        cleared: false,
        overrode: null,
        why: `use case ${name} set by ingest() at line 5`,
      };
}

export function priced(total: number): CallCost {
  return {
    status: "priced",
    currency: "USD",
    input: total / 4,
    cachedInput: 0,
    output: total - total / 4,
    total,
    pricedAs: "gpt-4o-mini",
    source: SOURCE,
  };
}

export const UNPRICED: CallCost = {
  status: "unpriced",
  reason: "ft:gpt-4o-mini:acme::x is a fine-tuned model: not in the price table",
  pricedAs: "ft:gpt-4o-mini:acme::x",
  source: SOURCE,
};

export const NOT_CHARGED: CallCost = { status: "not-charged", reason: "the call failed" };

export function limit(
  id: string,
  spent: number,
  state: LimitReport["state"],
  extra: Partial<LimitReport> = {},
): LimitReport {
  return {
    id,
    name: id.replace(/^lim_/, ""),
    type: "allow",
    max: 0.0001,
    threshold: null,
    spent,
    state,
    why: `$${spent} of $0.0001 spent`,
    ...extra,
  };
}

export function event(overrides: Partial<CallEvent> = {}): CallEvent {
  return {
    v: 1,
    type: "call",
    seq: 1,
    time: "2026-11-27T07:00:00.000Z",
    endTime: "2026-11-27T07:00:00.020Z",
    category: "system.openai",
    resource: "gpt-4o-mini",
    api: "chat.completions",
    streaming: false,
    mode: "ingest",
    userId: user("user_123"),
    useCase: useCase("answer"),
    limitIds: {
      value: null,
      origin: { kind: "none", label: "nothing" },
      cleared: false,
      overrode: null,
      why: "no limit ids",
    },
    requestTags: {
      value: null,
      origin: { kind: "none", label: "nothing" },
      cleared: false,
      overrode: null,
      why: "no request tags",
    },
    priceAs: { category: null, resource: null, resourceScope: null },
    units: { input: 11, cachedInput: 0, output: 12 },
    cost: priced(0.00000885),
    limits: [],
    latencyMs: 20,
    status: 200,
    error: null,
    callSite: { file: "answer.ts", line: 8, column: 43 },
    warnings: [],
    ...overrides,
  };
}

let nextKey = 1;

export function stored(
  overrides: Partial<CallEvent> = {},
  meta: Partial<Omit<StoredCall, "event">> = {},
): StoredCall {
  const key = meta.key ?? nextKey++;
  return {
    key,
    runId: "run-a",
    sandboxId: "day-2/answer-with-user",
    lesson: "day-2",
    runner: "browser",
    recordedAt: overrides.time ?? "2026-11-27T07:00:00.100Z",
    event: event(overrides),
    ...meta,
  };
}

/** Minutes after 07:00 UTC on the fixtures' day, as an ISO time. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 27, 7, minutes)).toISOString();
}

/**
 * The fixed list most tests use: two users over two lessons and runs, one unattributed call, an
 * unpriced call, a failed call, two use case instances and a limit that changes state.
 */
export function fixture(): StoredCall[] {
  return [
    stored(
      {
        seq: 1,
        time: at(0),
        units: { input: 100, cachedInput: 20, output: 50 },
        cost: priced(0.0001),
        useCase: useCase("answer", "uc_1"),
      },
      { key: 1 },
    ),
    stored(
      {
        seq: 2,
        time: at(1),
        units: { input: 10, cachedInput: 0, output: 5 },
        cost: priced(0.00003),
        useCase: useCase("answer", "uc_2"),
        limits: [limit("lim_budget", 0.00003, "ok")],
      },
      { key: 2 },
    ),
    stored(
      {
        seq: 3,
        time: at(2),
        userId: user("user_456"),
        units: { input: 40, cachedInput: 0, output: 10 },
        cost: priced(0.0002),
        useCase: useCase("summarize", "uc_3"),
        limits: [limit("lim_budget", 0.00023, "exceeded")],
      },
      {
        key: 3,
        lesson: "day-3",
        runId: "run-b",
        sandboxId: "day-3/name-a-use-case",
        runner: "webcontainer",
      },
    ),
    stored(
      {
        seq: 4,
        time: at(3),
        userId: user(null),
        units: { input: 5, cachedInput: 0, output: 5 },
        cost: priced(0.00001),
        useCase: useCase(null),
      },
      {
        key: 4,
        lesson: "day-3",
        runId: "run-b",
        sandboxId: "day-3/name-a-use-case",
        runner: "webcontainer",
      },
    ),
    stored(
      {
        seq: 5,
        time: at(4),
        userId: user("user_456"),
        resource: "ft:gpt-4o-mini:acme::x",
        units: { input: 7, cachedInput: 0, output: 3 },
        cost: UNPRICED,
        useCase: useCase("summarize", "uc_3"),
      },
      {
        key: 5,
        lesson: "day-3",
        runId: "run-b",
        sandboxId: "day-3/name-a-use-case",
        runner: "webcontainer",
      },
    ),
    stored(
      {
        seq: 6,
        time: at(5),
        units: null,
        cost: NOT_CHARGED,
        status: 500,
        error: { type: "server_error", message: "The mock API failed on purpose" },
      },
      { key: 6 },
    ),
  ];
}
