// Wrong: wraps the title call in a scope of its own with the user but without the budget.
// Expect: did not count against budget-user_456
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budgets = {
  user_123: createLimit({ name: "budget-user_123", max: 0.01 }),
  user_456: createLimit({ name: "budget-user_456", max: 0.01 }),
};

async function ask(prompt: string) {
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return r.choices[0]?.message.content ?? "";
}

async function handleRequest(userId: keyof typeof budgets, question: string) {
  const answer = await ingest({ userId, limitIds: [budgets[userId].id] }, ask)(question);
  const title = await ingest({ userId }, ask)(`A five-word title for: ${answer}`);
  return { answer, title };
}

await handleRequest("user_123", "How do I reset my password?");
await handleRequest("user_456", "Which plan includes SSO?");
