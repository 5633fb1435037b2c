import assert from "node:assert/strict";
import { test } from "node:test";
import {
  announceCall,
  describeCall,
  describeLimit,
  describeUserWhy,
} from "../../../../shared/calls/describe.ts";
import {
  blockedCall,
  notRecordedCall,
  callEvent,
  failedCall,
  limitReport,
  NO_USER,
  priced,
  unpriced,
  useCase,
  userFromHeader,
} from "../../site/live-panel/call-event.ts";

test("a header override says which header replaced which value", () => {
  const call = describeCall(callEvent({ userId: userFromHeader("user_456", "user_123") }));
  assert.equal(call.user.label, "user_456");
  assert.equal(call.user.attributed, true);
  assert.equal(call.user.why, "header xProxy-User-ID overrode ingest() (at line 7) value user_123");
});

test("a user id from ingest() says where it was set", () => {
  assert.equal(describeCall(callEvent()).user.why, "set by ingest() (at line 7)");
});

test("no user: flagged and worded as not attributable", () => {
  const call = describeCall(callEvent({ userId: NO_USER }));
  assert.equal(call.user.id, null);
  assert.equal(call.user.attributed, false);
  assert.equal(call.user.label, "no user");
  assert.equal(call.user.why, "not attributable to a user: nothing set a user id");
});

test("a user id cleared by an empty header keeps the reason", () => {
  const why = describeUserWhy({
    ...NO_USER,
    cleared: true,
    why: "an empty header xProxy-User-ID cleared it for this call; this call is not attributable to a user",
  });
  assert.equal(
    why,
    "not attributable to a user: an empty header xProxy-User-ID cleared it for this call",
  );
});

test("limit states: name, state and share of the max spent", () => {
  const exceeded = describeLimit(
    limitReport({
      id: "lim_budget-user_123",
      name: "budget-user_123",
      max: 0.01,
      spent: 0.008,
      state: "exceeded",
    }),
  );
  assert.equal(exceeded.text, "budget-user_123: exceeded — 80% of $0.010 spent");
  assert.equal(exceeded.state, "exceeded");
  const overrun = describeLimit(
    limitReport({ id: "lim_b", max: 0.00001, spent: 0.0000234, state: "overrun" }),
  );
  assert.equal(overrun.text, "b: overrun — 234% of $0.000010 spent");
  const unknown = describeLimit({
    id: "lim_x",
    name: null,
    type: null,
    max: null,
    threshold: null,
    spent: 0,
    state: "unknown",
    why: "no limit with id lim_x exists in this run",
  });
  assert.equal(unknown.label, "lim_x");
  assert.equal(unknown.text, "lim_x: unknown — no such limit in this run");
});

test("unpriced calls say so and never show $0", () => {
  const call = describeCall(
    callEvent({ resource: "ft:gpt-4o-mini:acme::abc", cost: unpriced("ft:gpt-4o-mini:acme::abc") }),
  );
  assert.equal(call.cost.kind, "unpriced");
  assert.equal(call.cost.text, "unpriced");
  assert.equal(call.cost.sentence, "unpriced (no price for ft:gpt-4o-mini:acme::abc)");
  assert.ok(!call.details.join(" ").includes("Cost $0"), call.details.join("\n"));
  assert.match(call.details.join(" "), /Cost unknown, not \$0/);
  assert.equal(announceCall(call), "Call 1: user_123, ft:gpt-4o-mini:acme::abc, unpriced");
});

test("priced calls: the tiny total, and the model it was priced as when different", () => {
  const call = describeCall(callEvent({ cost: priced(0.00000885) }));
  assert.equal(call.cost.text, "$0.0000089");
  assert.equal(call.cost.detail, null);
  const priceAs = describeCall(callEvent({ cost: priced(0.0001, "gpt-4o") }));
  assert.equal(priceAs.cost.sentence, "$0.00010 (priced as gpt-4o)");
});

test("errors: status, type and message", () => {
  const call = describeCall(
    failedCall(
      404,
      "model_not_found",
      "The model `gpt-9` does not exist or you do not have access to it.",
    ),
  );
  assert.equal(call.status.kind, "error");
  assert.equal(call.status.text, "404 model_not_found");
  assert.equal(
    call.status.sentence,
    "404 model_not_found: The model `gpt-9` does not exist or you do not have access to it.",
  );
  assert.equal(call.tokens, null);
  assert.equal(call.cost.text, "not charged");
  assert.equal(announceCall(call), "Call 1: user_123, gpt-4o-mini, failed (404 model_not_found)");
});

test("a call that got no response at all", () => {
  const call = describeCall(failedCall(0, "TypeError", "fetch failed"));
  assert.equal(call.status.sentence, "no response TypeError: fetch failed");
});

test("blocked calls: blocked status, the limit shown as blocked, not charged", () => {
  const call = describeCall(blockedCall("hard-cap"));
  assert.equal(call.status.kind, "blocked");
  assert.equal(call.status.text, "400 blocked");
  assert.match(
    call.status.sentence,
    /^blocked by a limit: Insufficient limit for the requested operation: hard-cap is over its max\./,
  );
  assert.equal(call.limits[0]?.text, "hard-cap: blocked — 100% of $0.010 spent");
  assert.equal(call.cost.sentence, "not charged (blocked by a limit)");
  assert.equal(announceCall(call), "Call 1: user_123, gpt-4o-mini, blocked");
});

test("a block limit in ingest mode: answered and priced, but not recorded by Pay-i", () => {
  const call = describeCall(notRecordedCall("budget-user_123"));
  assert.equal(call.status.kind, "not-recorded");
  assert.equal(call.status.text, "200 not recorded");
  assert.match(call.status.detail ?? "", /blocking_limit_not_allowed/);
  assert.equal(call.limits[0]?.state, "not-recorded");
  assert.equal(
    call.limits[0]?.text,
    "budget-user_123: not-recorded — block limits need proxy mode; nothing counted",
  );
  assert.equal(call.cost.kind, "priced", "the provider still charged for it");
  assert.ok(
    call.details.some((line) => /refused to record it: blocking_limit_not_allowed/.test(line)),
  );
  assert.equal(
    announceCall(call),
    "Call 1: user_123, gpt-4o-mini, $0.0000089, not recorded by Pay-i",
  );
});

test("tokens show cached input only when there is some", () => {
  assert.equal(describeCall(callEvent()).tokens?.text, "11 in / 12 out");
  const cached = describeCall(callEvent({ units: { input: 2048, cachedInput: 1024, output: 3 } }));
  assert.equal(cached.tokens?.text, "2,048 in (1,024 cached) / 3 out");
  assert.equal(cached.tokens?.cached, "1,024");
});

test("use case: name, short id, version and step", () => {
  const call = describeCall(
    callEvent({ useCase: useCase("support", { id: "uc_002_49df05", version: 2, step: "draft" }) }),
  );
  assert.equal(call.useCase?.name, "support");
  assert.equal(call.useCase?.detail, "uc_002_49df05 · v2 · step draft");
  const none = describeCall(
    callEvent({ useCase: { ...useCase("x"), value: null, why: "no use case: nothing set one" } }),
  );
  assert.equal(none.useCase, null);
});

test("the full explanation has one sentence per fact, the user first", () => {
  const call = describeCall(
    callEvent({ userId: userFromHeader("user_456", "user_123"), warnings: ["something to know"] }),
  );
  assert.equal(
    call.details[0],
    "User id user_456: header xProxy-User-ID overrode ingest() (at line 7) value user_123.",
  );
  assert.ok(
    call.details.includes("Use case answer-with-user is the default: named after the entry file."),
  );
  assert.ok(call.details.includes("Warning: something to know."));
  assert.equal(
    call.details.at(-1),
    "Call 1: gpt-4o-mini (chat.completions, ingest mode) at answer-with-user.ts line 8, 24 ms.",
  );
});

test("the announcement is short: call number, user, model, cost", () => {
  assert.equal(
    announceCall(
      describeCall(callEvent({ seq: 3, userId: userFromHeader("user_456", "user_123") })),
    ),
    "Call 3: user_456, gpt-4o-mini, $0.0000089",
  );
  assert.equal(
    announceCall(describeCall(callEvent({ seq: 4, userId: NO_USER }))),
    "Call 4: no user, gpt-4o-mini, $0.0000089",
  );
});
