import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { configureHost } from "../../../../sandbox/runtime/host-hooks.ts";
import { buildScope, type ScopeOptions } from "../../../../sandbox/runtime/scope.ts";
import {
  callEvent,
  modelOf,
  parseJsonBody,
  providerRequest,
  resetTaggingForTests,
  tagCall,
  type CallTicket,
} from "../../../../sandbox/runtime/tagged-call.ts";
import { resetRuntimeForTests } from "../../../../sandbox/runtime/testing.ts";

let output = "";
beforeEach(() => {
  resetRuntimeForTests();
  output = "";
  configureHost({ write: (text) => void (output += text), latencyScale: 0 });
});

function ticket(options: ScopeOptions = {}): CallTicket {
  const scope = buildScope({
    kind: "trackContext",
    label: "trackContext() (at line 3)",
    line: 3,
    options,
    parent: undefined,
    warn: () => undefined,
  });
  return { scope, startedAt: 0, time: "2026-12-01T10:00:00.000Z", callSite: null };
}

function request(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

const chat = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };

test("a call is tagged by its scope, then its own xProxy-* headers, which win", () => {
  const call = tagCall(
    4,
    ticket({ userId: "from-scope", limitIds: ["lim_a"] }),
    "chat.completions",
    request(chat, { "xProxy-User-ID": "from-header" }),
  );
  assert.equal(call.seq, 4);
  assert.equal(call.tags.userId.value, "from-header");
  assert.deepEqual(call.limitIds, ["lim_a"]);
  assert.equal(call.mode, "ingest");
  assert.equal(call.model, "gpt-4o-mini");
  assert.equal(call.streaming, false);
  assert.equal(call.untagged.get("xProxy-User-ID"), null);
  assert.equal(call.untagged.get("content-type"), "application/json");
});

test("the raw tags of a ticket (as the program wrote them) win over the trimmed headers", () => {
  const raw = { ...ticket(), rawTags: { userId: " spaced " } };
  const call = tagCall(1, raw, "chat.completions", request(chat, { "xProxy-User-ID": "spaced" }));
  assert.equal(call.tags.userId.value, " spaced ");
});

test("proxy mode comes from the scope", () => {
  const call = tagCall(1, ticket({ proxy: true }), "chat.completions", request(chat));
  assert.equal(call.mode, "proxy");
});

test("an invalid use case name warns on every event, and once in the output", () => {
  const first = tagCall(
    1,
    ticket({ useCaseName: "my use case" }),
    "chat.completions",
    request(chat),
  );
  const second = tagCall(
    2,
    ticket({ useCaseName: "my use case" }),
    "chat.completions",
    request(chat),
  );
  assert.match(first.warnings[0] ?? "", /is not valid in Pay-i \(it contains a space\)/);
  assert.deepEqual(second.warnings, first.warnings);
  assert.equal(output.match(/\[payi\] warning: use case name/g)?.length, 1);
  resetTaggingForTests();
  tagCall(3, ticket({ useCaseName: "my use case" }), "chat.completions", request(chat));
  assert.equal(output.match(/\[payi\] warning: use case name/g)?.length, 2);
});

test("the provider's request: ingest mode drops the xProxy-* headers, proxy mode keeps them", () => {
  const init = request(chat, { "xProxy-User-ID": "u1" });
  const ingest = providerRequest(tagCall(1, ticket(), "chat.completions", init), init);
  assert.equal(new Headers(ingest.init.headers).get("xProxy-User-ID"), null);
  const proxy = providerRequest(
    tagCall(2, ticket({ proxy: true }), "chat.completions", init),
    init,
  );
  assert.equal(new Headers(proxy.init.headers).get("xProxy-User-ID"), "u1");
  assert.deepEqual(JSON.parse(String(proxy.init.body)), chat);
  assert.equal(proxy.hideUsageChunk, false);
});

test("a streaming chat call asks for usage, and hides the extra chunk unless the caller asked too", () => {
  const streamed = request({ ...chat, stream: true });
  const asked = providerRequest(tagCall(1, ticket(), "chat.completions", streamed), streamed);
  assert.equal(asked.hideUsageChunk, true);
  assert.deepEqual(JSON.parse(String(asked.init.body)).stream_options, { include_usage: true });

  const own = request({ ...chat, stream: true, stream_options: { include_usage: true } });
  const kept = providerRequest(tagCall(2, ticket(), "chat.completions", own), own);
  assert.equal(kept.hideUsageChunk, false);

  const responses = request({ model: "gpt-4.1-mini", input: "hi", stream: true });
  const other = providerRequest(tagCall(3, ticket(), "responses", responses), responses);
  assert.equal(other.hideUsageChunk, false, "the Responses API reports usage in its last event");
  assert.equal(other.init.body, responses.body);
});

test("request bodies: a JSON object, or nothing; the model, or unknown", () => {
  assert.deepEqual(parseJsonBody('{"model":"m"}'), { model: "m" });
  assert.equal(parseJsonBody("[1,2]"), null);
  assert.equal(parseJsonBody("not json"), null);
  assert.equal(parseJsonBody(undefined), null);
  assert.equal(modelOf({ model: "gpt-4o" }), "gpt-4o");
  assert.equal(modelOf({ model: 4 }), "unknown");
  assert.equal(modelOf(null), "unknown");
});

test("the event: the tagged call with its outcome, and the ingest error when Pay-i refused it", () => {
  const call = tagCall(5, ticket({ userId: "u1" }), "chat.completions", request(chat));
  const outcome = {
    status: 200,
    error: null,
    units: { input: 10, cachedInput: 0, output: 5 },
    cost: { status: "not-charged", reason: "test" } as const,
    limits: [],
  };
  const event = callEvent(call, outcome, null);
  assert.equal(event.type, "call");
  assert.equal(event.seq, 5);
  assert.equal(event.resource, "gpt-4o-mini");
  assert.equal(event.userId.value, "u1");
  assert.equal(event.time, "2026-12-01T10:00:00.000Z");
  assert.deepEqual(event.units, outcome.units);
  assert.equal(event.ingestError, null);
  const refusal = { code: "blocking_limit_not_allowed", message: "no" };
  const refused = callEvent(call, outcome, refusal);
  assert.deepEqual(refused.ingestError, refusal);
  assert.notEqual(refused.ingestError, refusal, "a copy: the event cannot change the constant");
});
