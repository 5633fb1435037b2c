import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const USER = "user_123";
const TEAM = "team-support";
const OWN = "budget-user_123";

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
    const fromHeader = event.limitIds.origin.kind === "header";
    for (const name of [TEAM, OWN].filter((budget) => !counted.includes(budget))) {
      note(
        fromHeader
          ? `not count against ${name}: a limit-ids header replaces the context's list instead of adding to it. Put the user's budget in a nested scope, whose limit ids are added to the parent's`
          : `not count against ${name}`,
        event.seq,
      );
    }
    if (fromHeader && counted.includes(TEAM) && counted.includes(OWN)) {
      note(
        `not get ${TEAM} from the outer scope: their header names it again, so the inner code has to know the team's budget (and breaks when it changes). Drop the header's limitIds and open a nested scope with the user's budget: its limit ids are added to the team's`,
        event.seq,
      );
    }
    if (event.userId.value !== USER) note(`not carry the user ${USER}`, event.seq);
    // A per-user budget travels with its user: both set by the same scope.
    const userOrigin = event.userId.origin;
    const limitOrigin = event.limitIds.origin;
    const sameScope =
      (userOrigin.kind === "ingest" || userOrigin.kind === "trackContext") &&
      userOrigin.kind === limitOrigin.kind &&
      "line" in limitOrigin &&
      userOrigin.line === limitOrigin.line &&
      userOrigin.depth === limitOrigin.depth;
    if (event.userId.value === USER && counted.includes(OWN) && !fromHeader && !sameScope) {
      note(
        `not get ${USER} and ${OWN} from the same scope (the user from ${userOrigin.label}, the budget from ${limitOrigin.label}): the user's budget and the user id should travel together, set in one nested scope such as ingest({ userId, limitIds: [userBudget.id] }, work)`,
        event.seq,
      );
    }
  }
  for (const [problem, seqs] of problems) {
    const which = seqs.length === 1 ? `Call ${seqs[0]} does` : `Calls ${seqs.join(" and ")} do`;
    fail(`${which} ${problem}.`);
  }
});
