import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const USER = "user_123";
const BUDGET = "budget-user_123";
const USE_CASE = "support_chat";

export default defineCheck(({ run, fail }) => {
  const refreshes = run.events.filter((event) => event.api === "embeddings");
  const answers = run.events.filter((event) => event.api === "chat.completions");
  if (refreshes.length !== 1 || answers.length !== 1) {
    fail(
      `Expected 2 OpenAI calls (one embeddings call for the index refresh, one chat call for the answer), but the run made ${calls(refreshes.length)} to embeddings and ${calls(answers.length)} to chat completions.`,
    );
  }
  for (const refresh of refreshes) {
    const user = refresh.userId.value;
    if (user !== null) {
      fail(
        `The index refresh (call ${refresh.seq}) is still charged to ${user}: clear the user for that step with userId: "".`,
      );
    }
    if (refresh.limits.length > 0) {
      const names = refresh.limits.map((limit) => limit.name ?? limit.id).join(", ");
      fail(
        `The index refresh (call ${refresh.seq}) still counts against ${names}: clear the limit ids for that step with limitIds: [].`,
      );
    }
    const useCase = refresh.useCase.value?.name ?? null;
    if (useCase !== USE_CASE) {
      fail(
        `The index refresh (call ${refresh.seq}) is in ${useCase === null ? "no use case" : `the use case ${useCase}`}, not ${USE_CASE}: clear only the user and the limit ids, and leave useCaseName out so the use case is inherited.`,
      );
    }
  }
  // Inherited, not re-opened: the refresh is part of the same run of support_chat as the answer.
  const [refresh] = refreshes;
  const [answer] = answers;
  const refreshCase = refresh?.useCase.value;
  const answerCase = answer?.useCase.value;
  if (
    refreshCase?.name === USE_CASE &&
    answerCase?.name === USE_CASE &&
    refreshCase.id !== answerCase.id
  ) {
    fail(
      `The index refresh is in ${USE_CASE}, but in another instance of it (${refreshCase.id}, the answer is in ${answerCase.id}): it should inherit the request's use case, so leave useCaseName out of the scope that clears the user and the limit ids, and keep that scope inside the request.`,
    );
  }
  for (const answer of answers) {
    if (answer.userId.value !== USER) {
      fail(
        `The answer (call ${answer.seq}) should still be charged to ${USER}, but it is tagged ${answer.userId.value ?? "with no user"}.`,
      );
    }
    if (!answer.limits.some((limit) => limit.name === BUDGET)) {
      fail(
        `The answer (call ${answer.seq}) should still count against ${BUDGET}, but it does not: clear the limit ids only around the refresh.`,
      );
    }
    if ((answer.useCase.value?.name ?? null) !== USE_CASE) {
      fail(`The answer (call ${answer.seq}) should still be in the use case ${USE_CASE}.`);
    }
  }
});
