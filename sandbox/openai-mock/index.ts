/**
 * A mock OpenAI provider: a fetch-compatible function that answers the real
 * `openai` SDK like https://api.openai.com/v1 would, with no network and no key.
 * Replies, ids, token counts and latency are reproducible from the request.
 */
import { chatCompletions } from "./chat-completions.ts";
import { embeddings } from "./embeddings.ts";
import type { MockContext, PlannedResponse } from "./endpoint.ts";
import { type JsonObject, MockApiError, invalidJson, invalidUrl, isObject } from "./errors.ts";
import { hashString, randomId } from "./hash.ts";
import { errorResponse, jsonResponse, readRequest, sseResponse } from "./http.ts";
import { delay } from "./latency.ts";
import { createPromptCache } from "./prompt-cache.ts";
import type { PromptMessage } from "./prompt.ts";
import { responses } from "./responses.ts";

export { MODEL_CATALOG, type CatalogModel } from "./catalog.ts";
export { countTokens } from "./tokens.ts";

/** Settings of one mock provider. */
export interface MockProviderOptions {
  /** 1 = realistic simulated latency (default), 0 = none (tests, benchmarks). Scales all delays. */
  latencyScale?: number;
  /** Clock for the `created` timestamps, in ms since the epoch (default Date.now); pin it for reproducible output. */
  now?: () => number;
}

/** The signature of `fetch`, as the SDK calls it. */
export type MockFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const ENDPOINTS: Record<string, (body: JsonObject, context: MockContext) => PlannedResponse> = {
  "/chat/completions": chatCompletions,
  "/responses": responses,
  "/embeddings": embeddings,
};

/**
 * A fetch-compatible function that behaves like https://api.openai.com/v1 for
 * POST /chat/completions, /responses and /embeddings. Each call of
 * createMockFetch is one independent provider with its own prompt cache and
 * stored conversations.
 */
export function createMockFetch(options: MockProviderOptions = {}): MockFetch {
  const latencyScale = options.latencyScale ?? 1;
  if (!(latencyScale >= 0) || !Number.isFinite(latencyScale)) {
    throw new RangeError(`latencyScale must be a finite number >= 0, got ${latencyScale}`);
  }
  const now = options.now ?? Date.now;
  const cache = createPromptCache();
  const conversations = new Map<string, readonly PromptMessage[]>();
  let requestCount = 0;

  return async function mockFetch(input, init) {
    const request = await readRequest(input, init);
    await delay(0, request.signal); // an already-aborted signal rejects at once, like fetch
    const requestNumber = ++requestCount;
    const requestId = `req_${randomId(hashString(`request ${requestNumber}`), 32, "hex")}`;
    const context: MockContext = {
      cache,
      conversations,
      latencyScale,
      requestNumber,
      nowSeconds: Math.floor(now() / 1000),
    };
    let planned: PlannedResponse;
    try {
      const handler =
        request.method === "POST" && Object.hasOwn(ENDPOINTS, request.path)
          ? ENDPOINTS[request.path]
          : undefined;
      if (!handler) throw invalidUrl(request.method, request.fullPath);
      planned = handler(parseBody(request.bodyText), context);
    } catch (error) {
      if (error instanceof MockApiError) return errorResponse(error, requestId);
      throw error;
    }
    await delay(planned.waitMs, request.signal);
    return "events" in planned
      ? sseResponse(planned.events, requestId, planned.waitMs, request.signal)
      : jsonResponse(200, planned.json, requestId, planned.waitMs);
  };
}

function parseBody(text: string): JsonObject {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  if (!isObject(body)) throw invalidJson();
  return body;
}
