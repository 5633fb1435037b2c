import type { CallEvent } from "../../../shared/calls/event.ts";
import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

type Fail = (problem: string) => void;

const TICKETS = 2;

function versionText(version: number | null): string {
  return version === null ? "no version" : `version ${version}`;
}

/** Checks one use case: how many calls, their version, and one instance id per ticket. */
function checkUseCase(
  fail: Fail,
  events: CallEvent[],
  name: string,
  version: number,
  perTicket: number,
) {
  const mine = events.filter((event) => event.useCase.value?.name === name);
  const expected = TICKETS * perTicket;
  if (mine.length === 0) {
    fail(
      `No call is in the use case ${name}: wrap the function that makes those calls with ingest({ useCaseName: "${name}", ... }).`,
    );
    return;
  }
  if (mine.length !== expected) {
    fail(
      `${name} should have ${calls(expected)} (${perTicket} per ticket), but ${calls(mine.length)} ${mine.length === 1 ? "is" : "are"} in it.`,
    );
  }
  const wrong = [...new Set(mine.map((event) => event.useCase.value?.version ?? null))].filter(
    (v) => v !== version,
  );
  if (wrong.length > 0) {
    fail(
      `${name} calls carry ${wrong.map(versionText).join(" and ")}, expected version ${version}: pass useCaseVersion: ${version} to its ingest().`,
    );
  }
  const ids = mine.map((event) => event.useCase.value?.id ?? null);
  const distinct = new Set(ids);
  if (distinct.size === 1 && mine.length > 1) {
    fail(
      `All ${name} calls share one instance id (${ids[0]}): each ticket is a separate run of the use case, so let every entry get its own id (do not pass useCaseId).`,
    );
  } else if (distinct.size > TICKETS) {
    fail(
      `${name} has ${distinct.size} instance ids for ${TICKETS} tickets: the ${perTicket} calls of one ticket should share one instance, so wrap the function that makes them, not each call.`,
    );
  }
}

export default defineCheck(({ run, fail }) => {
  const events = run.events;
  if (events.length !== 6)
    fail(
      `The program should make 6 OpenAI calls (3 per ticket), but it made ${calls(events.length)}.`,
    );
  const leftInDefault = events.filter((event) => event.useCase.origin.kind === "default").length;
  if (leftInDefault > 0) {
    fail(
      `${calls(leftInDefault)} ${leftInDefault === 1 ? "is" : "are"} still in the default use case named after the file: each call should be in ticket_summary or support_reply.`,
    );
  }
  const others = events.filter((event) => {
    const name = event.useCase.value?.name;
    return (
      event.useCase.origin.kind !== "default" &&
      name !== "ticket_summary" &&
      name !== "support_reply"
    );
  });
  if (others.length > 0) {
    const names = [...new Set(others.map((event) => event.useCase.value?.name ?? "no use case"))];
    // The runtime warns about names Pay-i refuses (spaces, other characters, over 64 long).
    const invalid = others.some((event) =>
      event.warnings.some((warning) => warning.includes("is not valid in Pay-i")),
    );
    fail(
      `${calls(others.length)} ${others.length === 1 ? "is" : "are"} outside both use cases (in ${names.join(", ")}): each call should be in ticket_summary or support_reply.` +
        (invalid
          ? ' Pay-i would also refuse those names: only letters, digits, ".", "-" and "_", no spaces.'
          : ""),
    );
  }
  checkUseCase(fail, events, "ticket_summary", 2, 1);
  checkUseCase(fail, events, "support_reply", 1, 2);
});
