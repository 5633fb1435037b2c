// Wrong: keeps the header and lists the team's limit in it too: both limits count, but the
// inner code now has to know the team's budget, and the union of scopes is not used.
// Expect: not get team-support from the outer scope: their header names it again
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
      { headers: createHeaders({ userId, limitIds: [team.id, userBudget.id] }) },
    );
  }
}

await ingest({ limitIds: [team.id] }, handleTicket)("user_123");
