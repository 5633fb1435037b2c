/**
 * Plain words for one call: what each cell of the live panel says, and the full explanation behind
 * it. Pure (no DOM). The runtime already writes a `why` sentence per tag; this module picks the one
 * that matters for each cell and adds the states (limits, cost, errors) a learner must not miss.
 */
import type {
  CallEvent,
  LimitReport,
  LimitState,
  Origin,
  Tagged,
  UncapturedCall,
} from "./event.ts";
import { formatPercent, formatTokens, formatUsd } from "./format.ts";

export type CostKind = CallEvent["cost"]["status"];
/** `not-recorded`: the provider answered, but Pay-i refused to record the call (ingest mode). */
export type StatusKind = "ok" | "error" | "blocked" | "not-recorded";

export interface UserDescription {
  /** `null`: the call is attributed to nobody. */
  id: string | null;
  /** What the cell shows: the id, or "no user". */
  label: string;
  attributed: boolean;
  /** Where the id came from and what it replaced, e.g. "header xProxy-User-ID overrode ...". */
  why: string;
}

export interface UseCaseDescription {
  name: string;
  /** Short id, version and step, e.g. "uc_002_49df05 · v2 · step draft"; "" when none. */
  detail: string;
  why: string;
}

export interface LimitDescription {
  id: string;
  /** The limit's name, or its id when the run does not know it. */
  label: string;
  state: LimitState;
  /** "80% of $0.01 spent", or what is wrong with it. */
  spent: string;
  /** One line: "budget-user_123: exceeded — 80% of $0.01 spent". */
  text: string;
  why: string;
}

export interface CallDescription {
  seq: number;
  model: string;
  user: UserDescription;
  useCase: UseCaseDescription | null;
  limits: LimitDescription[];
  /** `null` when no usage came back (failed or blocked call). */
  tokens: { input: string; cached: string | null; output: string; text: string } | null;
  cost: { kind: CostKind; text: string; detail: string | null; sentence: string };
  latency: string;
  status: { kind: StatusKind; text: string; detail: string | null; sentence: string };
  /** The full explanation, one sentence per line, for the expanded row. */
  details: string[];
}

const NOT_ATTRIBUTABLE = "not attributable to a user";

/** The runtime's user id sentence, worded for a "why" column next to the id itself. */
export function describeUserWhy(userId: CallEvent["userId"]): string {
  if (userId.value) return userId.why.replace(/^user id /, "");
  const reason = userId.why
    .replace(/[,;]?\s*(so )?this call is not attributable to a user\.?$/, "")
    .replace(/^no user id: nothing set one$/, "nothing set a user id")
    .trim();
  return reason ? `${NOT_ATTRIBUTABLE}: ${reason}` : NOT_ATTRIBUTABLE;
}

export function describeUser(userId: CallEvent["userId"]): UserDescription {
  const id = userId.value || null;
  return { id, label: id ?? "no user", attributed: id !== null, why: describeUserWhy(userId) };
}

export function describeUseCase(useCase: CallEvent["useCase"]): UseCaseDescription | null {
  const value = useCase.value;
  if (!value) return null;
  const parts = [
    value.id,
    value.version !== null ? `v${value.version}` : null,
    value.step !== null ? `step ${value.step}` : null,
  ].filter((part): part is string => part !== null && part !== "");
  return { name: value.name || "(no name)", detail: parts.join(" · "), why: useCase.why };
}

export function describeLimit(limit: LimitReport): LimitDescription {
  const label = limit.name ?? limit.id;
  const spent =
    limit.max !== null && limit.max > 0
      ? `${formatPercent(limit.spent / limit.max)} of ${formatUsd(limit.max)} spent`
      : limit.state === "unknown"
        ? "no such limit in this run"
        : `${formatUsd(limit.spent)} spent`;
  // A refused ingest counted nothing: say so instead of a share that did not move.
  const shown =
    limit.state === "not-recorded"
      ? limit.type === "block"
        ? "block limits need proxy mode; nothing counted"
        : "nothing counted"
      : spent;
  return {
    id: limit.id,
    label,
    state: limit.state,
    spent: shown,
    text: `${label}: ${limit.state} — ${shown}`,
    why: limit.why,
  };
}

function describeCost(event: CallEvent): CallDescription["cost"] {
  const cost = event.cost;
  if (cost.status === "priced") {
    const detail = cost.pricedAs !== event.resource ? `priced as ${cost.pricedAs}` : null;
    const text = formatUsd(cost.total);
    return { kind: "priced", text, detail, sentence: detail ? `${text} (${detail})` : text };
  }
  if (cost.status === "unpriced") {
    // Never "$0": the model has a cost, the price table just does not know it.
    const detail = `no price for ${cost.pricedAs}`;
    return { kind: "unpriced", text: "unpriced", detail, sentence: `unpriced (${detail})` };
  }
  return {
    kind: "not-charged",
    text: "not charged",
    detail: cost.reason,
    sentence: `not charged (${cost.reason})`,
  };
}

/** How the call ended ("200", "400 blocked", "200 not recorded"); reads only the status and errors. */
export function describeStatus(
  event: Pick<CallEvent, "status" | "error" | "ingestError">,
): CallDescription["status"] {
  const { status, error, ingestError } = event;
  if (!error && ingestError) {
    const detail = `Pay-i refused to record it: ${ingestError.code} (${ingestError.message})`;
    return {
      kind: "not-recorded",
      text: `${status} not recorded`,
      detail,
      sentence: `${status} OK from the provider, but ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`,
    };
  }
  if (!error) return { kind: "ok", text: String(status), detail: null, sentence: `${status} OK` };
  if (error.type === "limit_reached") {
    const text = "blocked";
    return {
      kind: "blocked",
      text: `${status} ${text}`,
      detail: error.message,
      sentence: `${text} by a limit: ${error.message}`,
    };
  }
  const code = status === 0 ? "no response" : String(status);
  const text = `${code} ${error.type}`;
  return { kind: "error", text, detail: error.message, sentence: `${text}: ${error.message}` };
}

function describeTokens(units: CallEvent["units"]): CallDescription["tokens"] {
  if (!units) return null;
  const input = formatTokens(units.input);
  const output = formatTokens(units.output);
  const cached = units.cachedInput > 0 ? formatTokens(units.cachedInput) : null;
  const text = `${input} in${cached ? ` (${cached} cached)` : ""} / ${output} out`;
  return { input, cached, output, text };
}

function costDetail(event: CallEvent): string {
  const cost = event.cost;
  if (cost.status === "priced") {
    const { name, version, date } = cost.source;
    return (
      `Cost ${formatUsd(cost.total)}: input ${formatUsd(cost.input)}, cached input ${formatUsd(cost.cachedInput)}, ` +
      `output ${formatUsd(cost.output)}, priced as ${cost.pricedAs} (prices: ${name} ${version}, ${date}).`
    );
  }
  if (cost.status === "unpriced") return `Cost unknown, not $0: ${cost.reason}`;
  return `Not charged: ${cost.reason}.`;
}

function callDetail(event: CallEvent): string {
  const how = [event.api, event.streaming ? "streaming" : null, `${event.mode} mode`]
    .filter(Boolean)
    .join(", ");
  const where = event.callSite ? ` at ${event.callSite.file} line ${event.callSite.line}` : "";
  return `Call ${event.seq}: ${event.resource} (${how})${where}, ${event.latencyMs} ms.`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function explain(
  event: CallEvent,
  user: UserDescription,
  status: CallDescription["status"],
): string[] {
  const lines = [sentence(user.attributed ? `user id ${user.id}: ${user.why}` : user.why)];
  lines.push(sentence(event.useCase.why));
  if (event.limitIds.value || event.limitIds.cleared) lines.push(sentence(event.limitIds.why));
  for (const limit of event.limits)
    lines.push(sentence(`limit ${limit.name ?? limit.id} ${limit.state}: ${limit.why}`));
  if (event.requestTags.value || event.requestTags.cleared)
    lines.push(sentence(event.requestTags.why));
  lines.push(costDetail(event));
  if (status.kind !== "ok") lines.push(sentence(status.sentence));
  for (const warning of event.warnings) lines.push(sentence(`warning: ${warning}`));
  lines.push(callDetail(event));
  return lines;
}

export function describeCall(event: CallEvent): CallDescription {
  const user = describeUser(event.userId);
  const status = describeStatus(event);
  return {
    seq: event.seq,
    model: event.resource,
    user,
    useCase: describeUseCase(event.useCase),
    limits: event.limits.map(describeLimit),
    tokens: describeTokens(event.units),
    cost: describeCost(event),
    latency: `${formatTokens(event.latencyMs)} ms`,
    status,
    details: explain(event, user, status),
  };
}

/** What a screen reader hears for one call: "Call 3: user_456, gpt-4o-mini, $0.0000089". */
export function announceCall(call: CallDescription): string {
  const outcome =
    call.status.kind === "blocked"
      ? "blocked"
      : call.status.kind === "error"
        ? `failed (${call.status.text})`
        : call.status.kind === "not-recorded"
          ? `${call.cost.text}, not recorded by Pay-i`
          : call.cost.text;
  return `Call ${call.seq}: ${call.user.label}, ${call.model}, ${outcome}`;
}

/** How one tag of a call got its value, in a few words for a "why" cell. */
export interface TagOrigin {
  /** Which tag: "user", "use case", "limits", "tags". */
  tag: string;
  kind: Origin["kind"];
  /** Where the value came from: "header", "ingest() line 7", "default", "not set". */
  from: string;
  /** What it replaced, e.g. "ingest() line 7"; null when it replaced nothing. */
  over: string | null;
  /** An empty value removed what the context had. */
  cleared: boolean;
  /** One line: "user: header, over ingest() line 7". */
  text: string;
}

/** An origin's label, short: "ingest() (at line 7)" reads "ingest() line 7". */
export function shortOrigin(origin: Origin): string {
  switch (origin.kind) {
    case "global":
      return "payiInstrument()";
    case "default":
      return "default";
    case "header":
      return "header";
    case "none":
      return "not set";
    default:
      return origin.label.replace(/\s*\(at line (\d+)\)$/, " line $1");
  }
}

function tagOrigin<T>(tag: string, tagged: Tagged<T>): TagOrigin {
  const from = shortOrigin(tagged.origin);
  const over = tagged.overrode ? shortOrigin(tagged.overrode.origin) : null;
  const text = tagged.cleared
    ? `${tag}: cleared by ${from}`
    : `${tag}: ${from}${over ? `, over ${over}` : ""}`;
  return { tag, kind: tagged.origin.kind, from, over, cleared: tagged.cleared, text };
}

/**
 * Why the call carries each of its tags: the user id and use case always (a missing user id is
 * the point), limit ids and request tags when something set or cleared them.
 */
export function describeTagOrigins(event: CallEvent): TagOrigin[] {
  const origins = [tagOrigin("user", event.userId), tagOrigin("use case", event.useCase)];
  if (event.limitIds.value?.length || event.limitIds.cleared)
    origins.push(tagOrigin("limits", event.limitIds));
  if (event.requestTags.value?.length || event.requestTags.cleared)
    origins.push(tagOrigin("tags", event.requestTags));
  return origins;
}

/** The short reason a call was not captured, for its row. */
export const UNCAPTURED_REASON_TEXT: Record<UncapturedCall["reason"], string> = {
  "not-instrumented": "no payiInstrument() yet",
  "no-context": "no context",
};

export interface UncapturedDescription {
  index: number;
  model: string;
  /** "no payiInstrument() yet" or "no context". */
  reason: string;
  /** The runtime's sentence, e.g. "made before payiInstrument() was called". */
  why: string;
  details: string[];
}

/** Plain words for a call that reached the provider without being captured. */
export function describeUncaptured(event: UncapturedCall): UncapturedDescription {
  const where = event.callSite ? ` at ${event.callSite.file} line ${event.callSite.line}` : "";
  const after =
    event.afterSeq === 0 ? "before any captured call" : `after captured call ${event.afterSeq}`;
  return {
    index: event.index,
    model: event.resource,
    reason: UNCAPTURED_REASON_TEXT[event.reason],
    why: event.why,
    details: [
      sentence(`not captured: ${event.why}`),
      "Pay-i has no record of this call: no user id, no use case, no cost, and no limit counted it.",
      `Call to ${event.resource} (${event.api})${where}, ${after}.`,
    ],
  };
}
