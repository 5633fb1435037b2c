import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiError,
  failedCopy,
  limitReachedBody,
  limitReachedResponse,
  withBody,
  xproxyResultOf,
} from "../../../../sandbox/runtime/call-responses.ts";
import type { EffectiveTags } from "../../../../sandbox/runtime/resolve.ts";
import type { CallCost, LimitReport, Tagged } from "../../../../shared/calls/event.ts";

const none = { kind: "none", label: "nothing" } as const;
function tagged<T>(value: T | null): Tagged<T> {
  return { value, origin: none, cleared: false, overrode: null, why: "" };
}
const tags: EffectiveTags = {
  userId: tagged("user_123"),
  useCase: tagged({ name: "support", id: "uc_001_abcdef", version: 2, step: null }),
  limitIds: tagged(["lim_a"]),
  requestTags: tagged<string[]>(null),
  priceAs: { category: null, resource: null, resourceScope: null },
};
const source = { name: "@pydantic/genai-prices", version: "0.1.8", date: "2026-11-27" };

function limit(id: string, state: LimitReport["state"]): LimitReport {
  return { id, name: id, type: "block", max: 1, threshold: 1, spent: 2, state, why: "" };
}

test("a provider's error answer: its own code and message, or its HTTP status", () => {
  assert.deepEqual(
    apiError(
      JSON.stringify({ error: { code: "model_not_found", type: "x", message: "No such model" } }),
      404,
    ),
    { type: "model_not_found", message: "No such model" },
  );
  assert.deepEqual(apiError(JSON.stringify({ error: { type: "server", message: "Oops" } }), 500), {
    type: "server",
    message: "Oops",
  });
  assert.deepEqual(apiError("<html>Bad gateway</html>", 502), {
    type: "http_error",
    message: "HTTP 502",
  });
  assert.deepEqual(apiError(JSON.stringify({ error: {} }), 400), {
    type: "http_error",
    message: "HTTP 400",
  });
});

test("xproxy_result: the call's tags, its cost in Pay-i's words, and each limit's state", () => {
  const cost: CallCost = {
    status: "priced",
    currency: "USD",
    input: 0.25,
    cachedInput: 0.125,
    output: 0.5,
    total: 0.875,
    pricedAs: "gpt-4o-mini",
    source,
  };
  assert.deepEqual(xproxyResultOf(7, tags, cost, [limit("lim_a", "ok")]), {
    request_id: "payi_req_7",
    user_id: "user_123",
    use_case_name: "support",
    use_case_id: "uc_001_abcdef",
    use_case_version: 2,
    request_tags: [],
    cost: { currency: "usd", input: 0.375, output: 0.5, total: 0.875 },
    limits: { lim_a: { state: "ok" } },
  });
  const unpriced = xproxyResultOf(8, tags, { status: "not-charged", reason: "x" }, []);
  assert.deepEqual(unpriced["cost"], { status: "not-charged" });
});

test("the proxy's refusal: HTTP 400, Pay-i's body, an error the SDK keeps, and no retry", async () => {
  const limits = [limit("lim_a", "blocked"), limit("lim_b", "ok")];
  const body = limitReachedBody(3, tags, limits) as Record<string, Record<string, unknown>>;
  assert.equal(body["xproxy_error"]?.["code"], "limit_reached");
  assert.deepEqual(body["xproxy_result"]?.["blocked_limit_ids"], ["lim_a"]);
  assert.equal(body["error"]?.["code"], "limit_reached");
  const response = limitReachedResponse(3, tags, limits);
  assert.equal(response.status, 400);
  assert.equal(response.headers.get("x-should-retry"), "false");
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), body);
});

test("copies of the provider's response keep status and headers, but not its content-length", async () => {
  const provider = new Response("{}", {
    status: 404,
    statusText: "Not Found",
    headers: { "content-length": "2", "x-request-id": "req_1" },
  });
  const failed = failedCopy('{"error":{}}', provider);
  assert.equal(failed.status, 404);
  assert.equal(failed.statusText, "Not Found");
  assert.equal(failed.headers.get("x-request-id"), "req_1");
  assert.equal(await failed.text(), '{"error":{}}');
  const ok = new Response("{}", { status: 200, headers: { "content-length": "2" } });
  const copy = withBody('{"a":1}', ok);
  assert.equal(copy.status, 200);
  assert.equal(await copy.text(), '{"a":1}');
  assert.notEqual(copy.headers.get("content-length"), "2");
});
