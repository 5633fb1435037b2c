/**
 * The `OpenAI` class learners import inside a sandbox: the real SDK, with the mock provider as
 * its transport and the instrumentation between the two.
 *
 * The scope must be read when the learner calls `create()`, not when the SDK finally calls
 * `fetch`: between the two the SDK awaits natively, where no scope can be carried. So `request()`
 * (called synchronously by every resource method) takes a ticket holding the scope and call site,
 * and hands it to our fetch inside `fetchOptions`, which the SDK spreads into the fetch init.
 */
import RealOpenAI, { type ClientOptions } from "openai";
import { createMockFetch } from "../openai-mock/index.ts";
import { captureCallSite } from "./callsite.ts";
import { host, type SourcePosition } from "./host-hooks.ts";
import { activeScope, isInstrumented } from "./instrument.ts";
import { runCall, type CallTicket } from "./call.ts";
import { noteUntrackedCall, type UntrackedCall } from "./untracked.ts";
import { apiOf } from "./usage.ts";

const CALL_TICKET = Symbol.for("payi-lab.call-ticket");

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
/** A call with a ticket is instrumented; one without carries why not, for the warning. */
type Ticket = { tracked: true; ticket: CallTicket } | { tracked: false; untracked: UntrackedCall };
type TicketedInit = RequestInit & { [CALL_TICKET]?: Ticket };

function urlOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

function instrumentedFetch(transport: FetchLike): FetchLike {
  return (input, init) => {
    const ticket = (init as TicketedInit | undefined)?.[CALL_TICKET];
    const api = apiOf(urlOf(input));
    if (!ticket || !api) return transport(input, init);
    if (!ticket.tracked) {
      noteUntrackedCall(ticket.untracked);
      return transport(input, init);
    }
    return runCall({ ticket: ticket.ticket, api, url: urlOf(input), init: init ?? {}, transport });
  };
}

function openTicket(): Ticket {
  const callSite: SourcePosition | null = captureCallSite(new Error().stack);
  const scope = isInstrumented() ? activeScope() : undefined;
  if (!scope) {
    const reason = isInstrumented() ? "no-context" : "before-instrument";
    return { tracked: false, untracked: { callSite, reason } };
  }
  const ticket = { scope, startedAt: performance.now(), time: new Date().toISOString(), callSite };
  return { tracked: true, ticket };
}

/**
 * The OpenAI client, sandbox edition: no API key needed, no network. Everything else is the real
 * `openai` SDK.
 */
export class SandboxOpenAI extends RealOpenAI {
  constructor(options: ClientOptions = {}) {
    const transport =
      (options.fetch as FetchLike | undefined) ??
      createMockFetch({ latencyScale: host().latencyScale });
    super({
      apiKey: "sk-sandbox-no-key-needed",
      dangerouslyAllowBrowser: true,
      ...options,
      fetch: instrumentedFetch(transport),
    });
  }

  override request<Rsp>(
    options: Parameters<RealOpenAI["request"]>[0],
    remainingRetries?: number | null,
  ) {
    const ticket = openTicket();
    type RequestOptions = Parameters<RealOpenAI["request"]>[0];
    const ticketed = Promise.resolve(options).then(
      (resolved) =>
        ({
          ...resolved,
          fetchOptions: { ...resolved.fetchOptions, [CALL_TICKET]: ticket },
        }) as unknown as Awaited<RequestOptions>,
    );
    return super.request<Rsp>(ticketed, remainingRetries);
  }
}
