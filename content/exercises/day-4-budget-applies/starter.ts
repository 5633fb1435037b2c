// Support tickets are paid from the team's budget, and each
// user also has a budget of their own.
// Task: make both calls count against BOTH limits, team-support
// and budget-user_123, without naming the team's limit inside
// handleTicket.
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
      { headers: createHeaders({ userId, limitIds: [userBudget.id] }) },
    );
  }
}

await ingest({ limitIds: [team.id] }, handleTicket)("user_123");
