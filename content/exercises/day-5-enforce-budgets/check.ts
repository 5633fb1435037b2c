import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";
import type { CallEvent } from "../../../shared/calls/event.ts";

const HEAVY = "user_456";
const LIGHT = "user_123";
const MAX = 0.00003;

const refused = (event: CallEvent) => event.error?.type === "limit_reached";

export default defineCheck(({ run, fail, callsBy }) => {
  const heavy = callsBy(HEAVY);
  const light = callsBy(LIGHT);
  if (run.events.length !== 4 || heavy.length !== 3 || light.length !== 1) {
    fail(
      `Expected 4 calls, three by ${HEAVY} and then one by ${LIGHT}, but the run made ${calls(run.events.length)}: ${calls(heavy.length)} by ${HEAVY} and ${calls(light.length)} by ${LIGHT}.`,
    );
  }

  const reported = new Set<string>();
  const once = (key: string, problem: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    fail(problem);
  };
  for (const event of run.events) {
    const user = event.userId.value;
    if (user === null) {
      fail(`Call ${event.seq} has no user id: keep the userId next to the budget.`);
      continue;
    }
    const name = `budget-${user}`;
    const own = event.limits.find((limit) => limit.name === name);
    const others = event.limits
      .filter((limit) => limit.name !== name)
      .map((limit) => limit.name ?? limit.id);
    if (!own) {
      const instead = others.length > 0 ? ` (only against ${others.join(", ")})` : "";
      once(
        `missing ${user}`,
        `${user}'s calls do not count against a limit named ${name}${instead}: create one limit per user with createLimit({ name: \`budget-\${userId}\`, ... }) and put its id in limitIds next to the userId.`,
      );
    } else {
      if (own.type !== "block") {
        once(
          `type ${user}`,
          `${name} is an allow limit, which never refuses a call: create it with type: "block".`,
        );
      }
      if (own.max !== MAX) {
        once(`max ${user}`, `${name} has a max of $${own.max}, but the task asks for $${MAX}.`);
      }
      if (others.length > 0) {
        once(
          `others ${user}`,
          `${user}'s calls also count against ${others.join(", ")}: each user's calls should count against their own budget only.`,
        );
      }
    }
  }

  const third = heavy[2];
  if (third && !refused(third)) {
    fail(
      third.mode === "ingest"
        ? `${HEAVY}'s third question was answered: the calls run in ingest mode, where nothing stands between your code and the model, so a block limit cannot refuse a call${third.ingestError ? ` (and Pay-i refuses to record a call with a block limit: ${third.ingestError.code})` : ""}. Turn on proxy mode with payiInstrument({ proxy: true }) or trackContext({ proxy: true }, fn).`
        : `${HEAVY}'s third question was answered although ${HEAVY} had already spent more than $${MAX}: it should count against a block limit named budget-${HEAVY}.`,
    );
  }
  for (const early of heavy.slice(0, 2).filter(refused)) {
    fail(
      `Call ${early.seq} (${HEAVY}) was refused before ${HEAVY} had spent $${MAX}: check the budget's max.`,
    );
  }
  if (light.some(refused)) {
    fail(
      `${LIGHT}'s question was refused although ${LIGHT} had spent nothing: it still counts against a limit that ${HEAVY} used up.`,
    );
  }
});
