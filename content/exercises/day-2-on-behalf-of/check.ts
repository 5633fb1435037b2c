import { calls, defineCheck } from "../../../src/exercises/check-kit.ts";

const AGENT = "agent_7";
const CUSTOMERS = ["cust_ana", "cust_bo"];

export default defineCheck(({ run, fail, callsBy }) => {
  if (run.events.length !== 3) {
    fail(
      `Expected 3 OpenAI calls (the queue summary and one reply per ticket), but the run made ${calls(run.events.length)}.`,
    );
  }
  for (const customer of CUSTOMERS) {
    const tagged = callsBy(customer);
    if (tagged.length === 0) {
      fail(
        `No call is tagged ${customer}: pass { headers: createHeaders({ userId: ticket.customerId }) } as the second argument of the call that drafts ${customer}'s reply.`,
      );
    } else if (tagged.length !== 1) {
      fail(`${customer} has one ticket, but ${calls(tagged.length)} are tagged ${customer}.`);
    } else if (tagged[0]?.userId.origin.kind !== "header") {
      fail(
        `The reply for ${customer} gets its user from ${tagged[0]?.userId.origin.label}: this exercise practises the per-call way, createHeaders({ userId }) passed with that call.`,
      );
    }
  }
  // Both replies come from the loop: one call site, the customer read from each ticket.
  const replyLines = new Set(
    CUSTOMERS.flatMap((customer) => callsBy(customer).map((event) => event.callSite?.line)),
  );
  if (replyLines.size > 1) {
    fail(
      `The replies for ${CUSTOMERS.join(" and ")} are made at different lines (${[...replyLines].join(" and ")}): keep the loop, and pass createHeaders({ userId: ticket.customerId }) with its one call instead of writing a call per customer.`,
    );
  }
  const agent = callsBy(AGENT).length;
  if (agent === 0) {
    fail(
      `No call is tagged ${AGENT}: the queue summary is the agent's own call and should stay tagged by ingest({ userId: "${AGENT}" }).`,
    );
  } else if (agent > 1) {
    fail(
      `${AGENT} made one call of its own (the queue summary), but ${calls(agent)} are tagged ${AGENT}: the customers' replies are still billed to the agent.`,
    );
  }
  if (callsBy(null).length > 0)
    fail(
      `${calls(callsBy(null).length)} carry no user id: every call should be attributable to a user.`,
    );
});
