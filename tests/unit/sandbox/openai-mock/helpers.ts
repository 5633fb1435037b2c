/** Shared set-up: the real SDK on top of the mock provider, with no latency and no retries. */
import OpenAI from "openai";
import {
  type MockProviderOptions,
  createMockFetch,
} from "../../../../sandbox/openai-mock/index.ts";

/** Everything the SDK logs at warn level or above: a mock response the SDK dislikes shows up here. */
export const sdkComplaints: unknown[][] = [];

const logger = {
  error: (...args: unknown[]) => void sdkComplaints.push(args),
  warn: (...args: unknown[]) => void sdkComplaints.push(args),
  info: () => {},
  debug: () => {},
};

/** A client on a fresh mock provider (its own prompt cache). */
export function mockClient(options: MockProviderOptions = { latencyScale: 0 }): OpenAI {
  return new OpenAI({
    apiKey: "sk-test",
    fetch: createMockFetch(options),
    maxRetries: 0,
    logger,
    logLevel: "warn",
  });
}

/** POSTs `body` to the mock directly, bypassing the SDK (for what the SDK would never send). */
export async function rawPost(path: string, body: string): Promise<Response> {
  const fetch = createMockFetch({ latencyScale: 0 });
  return fetch(`https://api.openai.com/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}
