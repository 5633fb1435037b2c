import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const team = createLimit({ name: "team-support", max: 1 });
const user = createLimit({ name: "budget-user_123", max: 0.01 });
const trial = createLimit({ name: "free-trial", max: 0.001 });

async function ask(prompt: string, headers?: Record<string, string>) {
  await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] },
    { headers },
  );
}

async function forUser() {
  // a union: the team's limit and the user's
  await ask("Draft my reply");
  // A header's list replaces the context's, for this call only.
  await ask("Try the new model", createHeaders({ limitIds: [trial.id] }));
}

async function forTeam() {
  await ask("Summarize today's tickets"); // the team's limit only
  await ingest({ userId: "user_123", limitIds: [user.id] }, forUser)();
}

await ingest({ limitIds: [team.id] }, forTeam)();
