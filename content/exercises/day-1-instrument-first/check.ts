import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

export default defineCheck(({ run, fail }) => {
  const tracked = run.events.length;
  if (tracked < 3) {
    fail(
      `Only ${tracked} of the program's 3 OpenAI calls ${tracked === 1 ? "was" : "were"} tracked: ` +
        "a call made before payiInstrument() produces no event, so call payiInstrument() first.",
    );
  } else if (tracked > 3) {
    fail(
      `The program should make 3 OpenAI calls (a warm-up and two questions), but it made ${calls(tracked)}.`,
    );
  }
  if (run.events.some((event) => event.useCase.value === null)) {
    fail('Some calls have no use case: keep the default use case (do not pass useCaseName: "").');
  }
  if (/Warm-up tracked as: null/.test(run.output)) {
    fail(
      "xproxyResult(warmUp) printed null: the warm-up call was not instrumented, so its response carries no tracking result.",
    );
  } else if (!/Warm-up tracked as:[\s\S]*use_case_name/.test(run.output)) {
    fail(
      'The output does not show what was tracked for the warm-up: print xproxyResult(warmUp) after "Warm-up tracked as:".',
    );
  }
});
