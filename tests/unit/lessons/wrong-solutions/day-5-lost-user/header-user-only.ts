// Wrong: gives the title call its user with a header, but not the user's budget.
// Expect: did not count against budget-user_123
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budgets = {
  user_123: createLimit({ name: "budget-user_123", max: 0.01 }),
  user_456: createLimit({ name: "budget-user_456", max: 0.01 }),
};

async function ask(prompt: string, headers?: Record<string, string>) {
  const r = await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] },
    { headers },
  );
  return r.choices[0]?.message.content ?? "";
}

async function handleRequest(userId: keyof typeof budgets, question: string) {
  const scope = { userId, limitIds: [budgets[userId].id] };
  const answer = await ingest(scope, ask)(question);
  const title = await ask(`A five-word title for: ${answer}`, createHeaders({ userId }));
  return { answer, title };
}

await handleRequest("user_123", "How do I reset my password?");
await handleRequest("user_456", "Which plan includes SSO?");
