/**
 * What a lesson example declares about its run, in `<example>.expect.json` beside it, and how a
 * run is compared with it. Calls are compared in order; every field given must match exactly.
 */
import type { CallEvent, LimitState, Origin } from "../../../shared/calls/event.ts";

export interface ExpectedCall {
  userId: string | null;
  userIdFrom?: Origin["kind"];
  useCase?: string | null;
  useCaseVersion?: number | null;
  useCaseStep?: string | null;
  limitIds?: string[] | null;
  requestTags?: string[] | null;
  mode?: "ingest" | "proxy";
  api?: CallEvent["api"];
  streaming?: boolean;
  resource?: string;
  status?: number;
  cost?: CallEvent["cost"]["status"];
  limitStates?: Record<string, LimitState>;
  /** The code of Pay-i's refusal to record the call (ingest mode), or null when it was recorded. */
  ingestError?: string | null;
  /** How many warnings the call carries. */
  warnings?: number;
  /** A substring one of the call's warnings must contain. */
  warningIncludes?: string;
}

export interface ExampleExpectation {
  /** What the example shows, in a sentence (documentation for readers of the file). */
  description: string;
  exitCode: number;
  calls: ExpectedCall[];
  /** Calls that reached the provider without instrumentation (default 0). */
  uncaptured?: number;
  /** Substrings the program's output must contain. */
  outputIncludes?: string[];
}

function actualOf(event: CallEvent, expected: ExpectedCall): Record<string, unknown> {
  const all: Record<keyof ExpectedCall, unknown> = {
    userId: event.userId.value,
    userIdFrom: event.userId.origin.kind,
    useCase: event.useCase.value?.name ?? null,
    useCaseVersion: event.useCase.value?.version ?? null,
    useCaseStep: event.useCase.value?.step ?? null,
    limitIds: event.limitIds.value,
    requestTags: event.requestTags.value,
    mode: event.mode,
    api: event.api,
    streaming: event.streaming,
    resource: event.resource,
    status: event.status,
    cost: event.cost.status,
    limitStates: Object.fromEntries(event.limits.map((limit) => [limit.id, limit.state])),
    ingestError: event.ingestError?.code ?? null,
    warnings: event.warnings.length,
    // The expected substring when some warning contains it; else every warning, for the message.
    warningIncludes: event.warnings.some(
      (warning) =>
        expected.warningIncludes !== undefined && warning.includes(expected.warningIncludes),
    )
      ? expected.warningIncludes
      : event.warnings,
  };
  return Object.fromEntries(
    Object.keys(expected).map((key) => [key, all[key as keyof ExpectedCall]]),
  );
}

/** The differences between a run and its expectation, as readable lines (empty: it matches). */
export function compareRun(
  expectation: ExampleExpectation,
  run: { events: CallEvent[]; uncaptured: unknown[]; output: string; exitCode: number | null },
): string[] {
  const problems: string[] = [];
  if (run.uncaptured.length !== (expectation.uncaptured ?? 0))
    problems.push(
      `${run.uncaptured.length} uncaptured calls, expected ${expectation.uncaptured ?? 0}`,
    );
  if (run.exitCode !== expectation.exitCode)
    problems.push(`exit code ${run.exitCode}, expected ${expectation.exitCode}`);
  if (run.events.length !== expectation.calls.length) {
    problems.push(`${run.events.length} calls, expected ${expectation.calls.length}`);
  }
  expectation.calls.forEach((expected, index) => {
    const event = run.events[index];
    if (!event) return;
    const actual = actualOf(event, expected);
    for (const [key, value] of Object.entries(expected)) {
      if (JSON.stringify(actual[key]) !== JSON.stringify(value)) {
        problems.push(
          `call ${index + 1}: ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`,
        );
      }
    }
  });
  for (const text of expectation.outputIncludes ?? []) {
    if (!run.output.includes(text))
      problems.push(`output does not include ${JSON.stringify(text)}`);
  }
  return problems;
}
