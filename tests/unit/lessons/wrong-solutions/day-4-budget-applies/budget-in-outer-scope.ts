// Wrong: attaches the user's budget to the team's outer scope and the user with a header, so
// the budget no longer travels with the user.
// Expect: the user's budget and the user id should travel together
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const team = createLimit({ name: "team-support", max: 1 });
const userBudget = createLimit({ name: "budget-user_123", max: 0.01 });

async function handleTicket(userId: string) {
  for (const step of ["Summarize the ticket", "Draft a reply"]) {
    await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: step }] },
      { headers: createHeaders({ userId }) },
    );
  }
}

await ingest({ limitIds: [team.id, userBudget.id] }, handleTicket)("user_123");
