import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

export default defineCheck(({ run, fail, callsBy }) => {
  if (run.events.length !== 2)
    fail(
      `Expected 2 OpenAI calls (one per request), but the run made ${calls(run.events.length)}.`,
    );
  const first = callsBy("user_123").length;
  const second = callsBy("user_456").length;
  if (second === 0) {
    fail(
      "No call is tagged user_456: the second request is still attributed to the user read when the handler was defined.",
    );
  } else if (second !== 1) {
    fail(`user_456 made one request, but ${calls(second)} are tagged user_456.`);
  }
  if (first !== 1) fail(`user_123 made one request, but ${calls(first)} are tagged user_123.`);
  if (callsBy(null).length > 0)
    fail("Some calls carry no user id at all: every call should be attributable to a user.");
});
