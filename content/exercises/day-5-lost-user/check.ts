import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const USERS = ["user_123", "user_456"];

export default defineCheck(({ run, fail, callsBy }) => {
  if (run.events.length !== 4) {
    fail(
      `Expected 4 OpenAI calls (an answer and a title for each of the two requests), but the run made ${calls(run.events.length)}.`,
    );
  }
  for (const event of callsBy(null)) {
    fail(
      `Call ${event.seq} has no user id, so it lands in the unattributed row: make it inside the request's ingest() scope, not after the wrapped function has returned.`,
    );
  }
  for (const user of USERS) {
    const mine = callsBy(user);
    if (mine.length !== 2) {
      const are = mine.length === 1 ? "is" : "are";
      fail(
        `${user} made 2 calls (an answer and a title), but ${calls(mine.length)} ${are} tagged ${user}.`,
      );
    }
    const budget = `budget-${user}`;
    const missed = mine.filter((event) => !event.limits.some((limit) => limit.name === budget));
    if (missed.length > 0) {
      fail(
        `${calls(missed.length)} tagged ${user} (call ${missed.map((event) => event.seq).join(", ")}) did not count against ${budget}: the user and the budget should travel together, in the same scope.`,
      );
    }
  }
});
