// Support tickets are paid from the team's budget, and each
// user also has a budget of their own.
// Solution: a header's limit ids replace the context's, but a
// nested scope's are added to its parent's. So the user's
// budget goes in a nested scope, next to the user id.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const team = createLimit({ name: "team-support", max: 1 });
const userBudget = createLimit({ name: "budget-user_123", max: 0.01 });

async function work() {
  for (const step of ["Summarize the ticket", "Draft a reply"]) {
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: step }],
    });
  }
}

async function handleTicket(userId: string) {
  await ingest({ userId, limitIds: [userBudget.id] }, work)();
}

await ingest({ limitIds: [team.id] }, handleTicket)("user_123");
