import type { CallEvent } from "../../../shared/calls/event.ts";
import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const REQUESTS = ["user_123", "user_456"];

/** Where a call's user came from, as a place in the program: a scope's line, or a header. */
function userSource(event: CallEvent): string {
  const origin = event.userId.origin;
  if (origin.kind === "header") return `a header at line ${event.callSite?.line ?? "?"}`;
  if (origin.kind === "ingest" || origin.kind === "trackContext")
    return `${origin.kind}() at line ${origin.line ?? "?"}`;
  return origin.label;
}

export default defineCheck(({ run, fail, callsBy }) => {
  const events = run.events;
  if (events.length !== 2)
    fail(`Expected 2 OpenAI calls (one per request), but the run made ${calls(events.length)}.`);
  REQUESTS.forEach((user, index) => {
    const event = events[index];
    if (event && event.userId.value !== user) {
      fail(
        `Request ${index + 1} came from ${user}, but its call is tagged ${event.userId.value ?? "with no user"}` +
          (index === 1
            ? ": the user is still the one read when the handler was defined. Open the scope (or build the headers) inside handleRequest, so currentUser.id is read when each request is handled."
            : "."),
      );
    }
  });
  if (callsBy(null).length > 0)
    fail("Some calls carry no user id at all: every call should be attributable to a user.");
  const [first, second] = events;
  if (first && second && first.userId.value !== second.userId.value) {
    // Right users: they must come from one place in the handler, not one hard-coded scope each.
    const sources = [userSource(first), userSource(second)];
    if (sources[0] !== sources[1]) {
      fail(
        `The two requests get their users from two places (${sources.join(" and ")}): that hard-codes each request's user. Leave the two requests at the bottom as they were, and read currentUser.id in handleRequest, e.g. trackContext({ userId: currentUser.id }, () => answer(question)).`,
      );
    } else if (first.userId.origin.kind === "global") {
      fail("The users come from payiInstrument()'s config, which is read once at start-up.");
    }
  }
});
