/**
 * The `OpenAI` class learners import inside a sandbox: the real SDK, with the mock provider as
 * its transport and the instrumentation between the two.
 *
 * The scope must be read when the learner calls `create()`, not when the SDK finally calls
 * `fetch`: between the two the SDK awaits natively, where no scope can be carried. So `request()`
 * (called synchronously by every resource method) takes a ticket holding the scope and call site,
 * and hands it to our fetch inside `fetchOptions`, which the SDK spreads into the fetch init.
 *
 * The transport is always the sandbox's mock provider: a `fetch` passed by the program is not
 * used, since a provider the program wrote could report any usage (and so any cost) it liked.
 */
import RealOpenAI, { type ClientOptions } from "openai";
import { createMockFetch } from "../openai-mock/index.ts";
import { captureCallSite } from "./callsite.ts";
import { HEADER, type HeaderKey } from "./headers.ts";
import { host, warn, type SourcePosition } from "./host-hooks.ts";
import { activeScope, isInstrumented } from "./instrument.ts";
import { runCall, runUncapturedCall, type UncapturedTicket } from "./call.ts";
import type { CallTicket } from "./tagged-call.ts";
import { apiOf } from "./usage.ts";

const CALL_TICKET = Symbol.for("payi-lab.call-ticket");

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
type Ticket = CallTicket | UncapturedTicket;
type TicketedInit = RequestInit & { [CALL_TICKET]?: Ticket };

/** Test seam: sees every request the provider receives (tests/unit/sandbox/runtime/harness.ts). */
let providerObserver: ((input: string | URL | Request, init?: RequestInit) => void) | undefined;
export function observeProviderForTests(observer: typeof providerObserver): void {
  providerObserver = observer;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

function instrumentedFetch(provider: FetchLike): FetchLike {
  const transport: FetchLike = (input, init) => {
    providerObserver?.(input, init);
    return provider(input, init);
  };
  return (input, init) => {
    const ticket = (init as TicketedInit | undefined)?.[CALL_TICKET];
    const api = apiOf(urlOf(input));
    if (!ticket || !api) return transport(input, init);
    const call = { api, url: urlOf(input), init: init ?? {}, transport };
    return "uncaptured" in ticket
      ? runUncapturedCall({ ...call, ticket })
      : runCall({ ...call, ticket });
  };
}

function openTicket(): Ticket {
  const callSite: SourcePosition | null = captureCallSite(new Error().stack);
  const time = new Date().toISOString();
  if (!isInstrumented()) return { uncaptured: "not-instrumented", time, callSite };
  const scope = activeScope();
  if (!scope) return { uncaptured: "no-context", time, callSite };
  return { scope, startedAt: performance.now(), time, callSite };
}

const XPROXY_KEYS = new Map(
  Object.entries(HEADER).map(([key, name]) => [name.toLowerCase(), key as HeaderKey]),
);

/**
 * The `xProxy-*` headers as the program wrote them, by key (later sources win, as in the SDK).
 * A `Headers` object has already trimmed its values; plain objects and pairs keep them as written.
 */
function rawTagsOf(...sources: unknown[]): Partial<Record<HeaderKey, string>> {
  const tags: Partial<Record<HeaderKey, string>> = {};
  for (const source of sources) {
    if (!source || typeof source !== "object") continue;
    const entries: Iterable<[string, unknown]> =
      source instanceof Headers
        ? source.entries()
        : Array.isArray(source)
          ? (source as [string, unknown][])
          : Object.entries(source);
    for (const [name, value] of entries) {
      const key = XPROXY_KEYS.get(String(name).toLowerCase());
      if (key && typeof value === "string") tags[key] = value;
    }
  }
  return tags;
}

/**
 * The OpenAI client, sandbox edition: no API key needed, no network. Everything else is the real
 * `openai` SDK.
 */
export class SandboxOpenAI extends RealOpenAI {
  readonly #defaultHeaders: unknown;

  constructor(options: ClientOptions = {}) {
    if (options.fetch)
      warn(
        "the sandbox has no network: the client always talks to the sandbox's mock OpenAI service, so the fetch option is not used.",
      );
    super({
      apiKey: "sk-sandbox-no-key-needed",
      dangerouslyAllowBrowser: true,
      ...options,
      fetch: instrumentedFetch(createMockFetch({ latencyScale: host().latencyScale })),
    });
    this.#defaultHeaders = options.defaultHeaders;
  }

  override request<Rsp>(
    options: Parameters<RealOpenAI["request"]>[0],
    remainingRetries?: number | null,
  ) {
    const ticket = openTicket();
    type RequestOptions = Parameters<RealOpenAI["request"]>[0];
    const ticketed = Promise.resolve(options).then((resolved) => {
      if (!("uncaptured" in ticket))
        ticket.rawTags = rawTagsOf(this.#defaultHeaders, resolved.headers);
      return {
        ...resolved,
        fetchOptions: { ...resolved.fetchOptions, [CALL_TICKET]: ticket },
      } as unknown as Awaited<RequestOptions>;
    });
    return super.request<Rsp>(ticketed, remainingRetries);
  }
}
