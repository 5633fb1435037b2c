import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const USER = "user_123";
const BUDGETS = ["team-support", "budget-user_123"];

export default defineCheck(({ run, fail }) => {
  if (run.events.length !== 2) {
    fail(
      `Expected 2 OpenAI calls (summarize, then draft), but the run made ${calls(run.events.length)}.`,
    );
  }
  // One sentence per problem, naming every call that has it.
  const problems = new Map<string, number[]>();
  const note = (problem: string, seq: number) =>
    problems.set(problem, [...(problems.get(problem) ?? []), seq]);
  for (const event of run.events) {
    const counted = event.limits.map((limit) => limit.name);
    for (const name of BUDGETS.filter((budget) => !counted.includes(budget))) {
      note(
        event.limitIds.origin.kind === "header"
          ? `not count against ${name}: a limit-ids header replaces the context's list instead of adding to it. Put the user's budget in a nested scope, whose limit ids are added to the parent's`
          : `not count against ${name}`,
        event.seq,
      );
    }
    if (event.userId.value !== USER) note(`not carry the user ${USER}`, event.seq);
  }
  for (const [problem, seqs] of problems) {
    const which = seqs.length === 1 ? `Call ${seqs[0]} does` : `Calls ${seqs.join(" and ")} do`;
    fail(`${which} ${problem}.`);
  }
});
