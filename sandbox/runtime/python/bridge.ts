/**
 * The Python program's door into the runtime. The course's pure-Python `payi` and `openai`
 * modules keep Python's own scope stack (contextvars) and hand everything that decides a call to
 * the functions here: building a scope from its options and its immediate parent, the headers
 * `create_headers` returns, the call itself (tags, mode, limits, provider, price, event) and the
 * limits. So the tagging rules exist once, in TypeScript, and a Python run and a TypeScript run of
 * the same program can never disagree.
 *
 * Nothing crosses as `null` (Pyodide turns it into `jsnull`, not None): absent values are
 * `undefined`, which Python sees as None. Data crosses as JSON strings (Pyodide would otherwise hand over proxies of Python objects);
 * scopes and providers cross as opaque handles: frozen empty objects the runtime looks up in a
 * WeakMap, so Python code can neither read a scope nor forge one, and a scope lives exactly as
 * long as Python holds it. Events never pass through here: `runCall` emits them to the sink the
 * host installed, and nothing the program prints can become one.
 */
import type { CallApi } from "../../../shared/calls/event.ts";
import { createMockFetch } from "../../openai-mock/index.ts";
import { runCall, runUncapturedCall, type UncapturedTicket } from "../call.ts";
import { createHeaders, HEADER, type CreateHeadersOptions, type HeaderKey } from "../headers.ts";
import { host, warn, type SourcePosition } from "../host-hooks.ts";
import type { CallTicket } from "../tagged-call.ts";
import {
  activeScope,
  instrumentProcess,
  isInstrumented,
  openScope,
  type PayiInstrumentConfig,
} from "../instrument.ts";
import { limitStatus, registerLimit, type LimitOptions } from "../limits.ts";
import type { Scope, ScopeOptions } from "../scope.ts";
import { apiOf } from "../usage.ts";

type Handle = Readonly<Record<string, never>>;
type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const scopes = new WeakMap<Handle, Scope>();
const providers = new WeakMap<Handle, FetchLike>();
/** Streams not read to their end: closed when the program ends, so each still reports its call. */
const openStreams = new Set<ReadableStreamDefaultReader<Uint8Array>>();

function newHandle(): Handle {
  return Object.freeze(Object.create(null) as Record<string, never>);
}

function parseObject(json: string, what: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new TypeError(`${what} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

function scopeOf(handle: unknown): Scope | undefined {
  if (handle === null || handle === undefined) return undefined;
  const scope = scopes.get(handle as Handle);
  if (!scope) throw new TypeError("not a scope made by the runtime");
  return scope;
}

export interface BridgeResponse {
  status: number;
  /** The response's headers as a JSON object (names lower-cased). */
  headers: string;
  /** The body, for a response that is not a stream. */
  text?: string;
  /** For a stream: the next event's `data` (JSON text), or undefined at the end. */
  next?: () => Promise<string | undefined>;
  /** For a stream: stops reading it (the call is then reported as cancelled). */
  close?: () => Promise<void>;
}

function sseReader(
  body: ReadableStream<Uint8Array>,
): Required<Pick<BridgeResponse, "next" | "close">> {
  const reader = body.getReader();
  openStreams.add(reader);
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  const finish = () => {
    done = true;
    openStreams.delete(reader);
  };
  return {
    async next(): Promise<string | undefined> {
      for (;;) {
        const cut = buffer.indexOf("\n\n");
        if (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          if (data === "[DONE]") continue;
          if (data !== "") return data;
          continue;
        }
        if (done) return undefined;
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          buffer += "\n\n";
          if (buffer.trim() === "") return undefined;
        } else buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
      }
    },
    async close() {
      if (done) return;
      finish();
      await reader.cancel();
    },
  };
}

const XPROXY_KEYS = new Map(
  Object.entries(HEADER).map(([key, name]) => [name.toLowerCase(), key as HeaderKey]),
);

export const pythonBridge = {
  /** `payi_instrument(config=...)`, config already in the runtime's option names. */
  instrument(configJson: string): void {
    instrumentProcess(
      parseObject(configJson, "config") as PayiInstrumentConfig,
      "payi_instrument() config",
    );
  },

  isInstrumented(): boolean {
    return isInstrumented();
  },

  /** A warning in the run's output, as the runtime writes its own. */
  warn(message: string): void {
    warn(String(message));
  },

  /** Opens a scope under `parent` (a handle, or none for the global context). */
  enterScope(
    kind: "ingest" | "trackContext",
    label: string,
    line: number | null | undefined,
    optionsJson: string,
    parent: unknown,
  ): Handle {
    if (kind !== "ingest" && kind !== "trackContext") throw new TypeError(`no scope kind ${kind}`);
    const parentScope = parent === null || parent === undefined ? activeScope() : scopeOf(parent);
    const scope = openScope(
      kind,
      String(label),
      typeof line === "number" ? line : null,
      parseObject(optionsJson, "options") as ScopeOptions,
      parentScope,
    );
    const handle = newHandle();
    scopes.set(handle, scope);
    return handle;
  },

  /** `create_headers(...)`, options in the runtime's names; the headers as JSON. */
  createHeaders(optionsJson: string): string {
    return JSON.stringify(
      createHeaders(parseObject(optionsJson, "options") as CreateHeadersOptions),
    );
  },

  /** One client's provider (each `OpenAI()` has its own, as each SDK client does in TypeScript). */
  createProvider(): Handle {
    const handle = newHandle();
    providers.set(handle, createMockFetch({ latencyScale: host().latencyScale }));
    return handle;
  },

  /**
   * One OpenAI call made in `scope` (null: outside every Python scope, so the global context).
   * `rawHeadersJson` holds every header the program passed, values as written.
   */
  async call(
    provider: unknown,
    scope: unknown,
    path: string,
    bodyJson: string,
    rawHeadersJson: string,
    callSiteJson: string,
  ): Promise<BridgeResponse> {
    const transport = providers.get(provider as Handle);
    if (!transport) throw new TypeError("not a provider made by the runtime");
    const url = `https://api.openai.com/v1${path}`;
    const api = apiOf(url) as CallApi | null;
    if (!api) throw new TypeError(`${path} is not an instrumented API`);
    const raw = parseObject(rawHeadersJson, "headers");
    const headers = new Headers({ "content-type": "application/json" });
    const rawTags: Partial<Record<HeaderKey, string>> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== "string") continue;
      headers.set(name, value);
      const key = XPROXY_KEYS.get(name.toLowerCase());
      if (key) rawTags[key] = value;
    }
    const site = JSON.parse(callSiteJson) as SourcePosition | null;
    const time = new Date().toISOString();
    const init: RequestInit = { method: "POST", headers, body: bodyJson };
    const given = scopeOf(scope);
    const active = given ?? activeScope();
    let response: Response;
    if (!isInstrumented() || !active) {
      const ticket: UncapturedTicket = {
        uncaptured: isInstrumented() ? "no-context" : "not-instrumented",
        time,
        callSite: site,
      };
      response = await runUncapturedCall({ ticket, api, url, init, transport });
    } else {
      const ticket: CallTicket = {
        scope: active,
        startedAt: performance.now(),
        time,
        callSite: site,
        rawTags,
      };
      response = await runCall({ ticket, api, url, init, transport });
    }
    const headersOut: Record<string, string> = {};
    response.headers.forEach((value, name) => (headersOut[name] = value));
    const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
    if (streaming && response.body) {
      return {
        status: response.status,
        headers: JSON.stringify(headersOut),
        ...sseReader(response.body),
      };
    }
    return {
      status: response.status,
      headers: JSON.stringify(headersOut),
      text: await response.text(),
    };
  },

  /** `payi.limits.create(...)`: the limit as JSON. */
  createLimit(optionsJson: string, limitId: string | null | undefined): string {
    const options = parseObject(optionsJson, "options") as unknown as LimitOptions;
    return JSON.stringify(registerLimit(options, limitId ?? undefined));
  },

  /** `payi.limits.retrieve(limit_id)`: spend and state as JSON; undefined for an unknown id. */
  limitStatus(id: string): string | undefined {
    const status = limitStatus(String(id));
    return status ? JSON.stringify(status) : undefined;
  },

  /** Closes every stream the program left unread, so each call still reports its event. */
  async closeOpenStreams(): Promise<void> {
    await Promise.all([...openStreams].map((reader) => reader.cancel().catch(() => undefined)));
    openStreams.clear();
  },
};

export type PythonBridge = typeof pythonBridge;
