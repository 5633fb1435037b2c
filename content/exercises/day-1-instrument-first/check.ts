import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

export default defineCheck(({ run, fail }) => {
  // The runtime reports OpenAI calls the instrumentation never saw: the goal is that none exist.
  const untracked = run.uncaptured.length;
  if (untracked > 0) {
    fail(
      `${calls(untracked)} ${untracked === 1 ? "was" : "were"} made before payiInstrument() and not tracked ` +
        "(the panel's first row says which line): call payiInstrument() first, at the top of the file, " +
        "before you create the client and before the warm-up call.",
    );
  }
  const tracked = run.events.length;
  if (tracked + untracked !== 3) {
    fail(
      `The program should make 3 OpenAI calls (a warm-up and two questions), but it made ${calls(tracked + untracked)}: keep the calls as they are and only move payiInstrument().`,
    );
  } else if (tracked < 3 && untracked === 0) {
    fail(`Only ${calls(tracked)} of the program's 3 OpenAI calls produced an event.`);
  }
  if (run.events.some((event) => event.useCase.value === null)) {
    fail('Some calls have no use case: keep the default use case (do not pass useCaseName: "").');
  }
});
