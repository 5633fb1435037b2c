/**
 * The runtime's sentences in Python's words, for Python runs. The runtime explains every value
 * and warns in the TypeScript API's names (`payiInstrument()`, `useCaseName`); a Python learner
 * wrote `payi_instrument()` and `use_case_name`. The rules and the sentences stay the runtime's:
 * only the names of the API are swapped, here, in one list.
 */
import type { SandboxEvent, Tagged } from "../../../shared/calls/event.ts";

/** Longest first: a phrase wins over the names inside it. */
const PHRASES: [string, string][] = [
  ["trackContext({ proxy: true })", "track_context(proxy=True)"],
  ["payiInstrument({ proxy: true })", 'payi_instrument(config={"proxy": True})'],
  ["ingest()/trackContext()", "ingest()/track_context()"],
  ["globalInstrumentation is false", 'config["global_instrumentation"] is False'],
  ["useCaseId/useCaseVersion", "use_case_id/use_case_version"],
  ["payiInstrument()", "payi_instrument()"],
  ["trackContext()", "track_context()"],
  ["trackContext", "track_context"],
  ["payiInstrument", "payi_instrument"],
  ["createLimit()", "payi.limits.create()"],
  ["createHeaders", "create_headers"],
  ["useCaseName", "use_case_name"],
  ["useCaseStep", "use_case_step"],
  ["limitIds", "limit_ids"],
  ["requestTags", "request_tags"],
  ["userId", "user_id"],
];

export function inPythonTerms(text: string): string {
  let out = text;
  for (const [from, to] of PHRASES) out = out.split(from).join(to);
  return out;
}

function tagged<T>(value: Tagged<T>): Tagged<T> {
  return { ...value, why: inPythonTerms(value.why) };
}

/** An event with its explanations and warnings in Python's words; every value unchanged. */
export function eventInPythonTerms(event: SandboxEvent): SandboxEvent {
  if (event.type === "uncaptured") return { ...event, why: inPythonTerms(event.why) };
  return {
    ...event,
    userId: tagged(event.userId),
    useCase: tagged(event.useCase),
    limitIds: tagged(event.limitIds),
    requestTags: tagged(event.requestTags),
    limits: event.limits.map((limit) => ({ ...limit, why: inPythonTerms(limit.why) })),
    warnings: event.warnings.map(inPythonTerms),
    error: event.error ? { ...event.error, message: inPythonTerms(event.error.message) } : null,
  };
}
