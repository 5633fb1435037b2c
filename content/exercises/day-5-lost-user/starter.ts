// Each request answers a question, then suggests a title for
// the conversation.
// Task: the per-user summary shows an "unattributed" row, and
// each budget has counted only one call. Make every call count
// for the user who made the request, and against that user's
// budget.
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
  const scope = { userId, limitIds: [budgets[userId].id] };
  const answer = await ingest(scope, ask)(question);
  const title = await ask(`A five-word title for: ${answer}`);
  return { answer, title };
}

await handleRequest("user_123", "How do I reset my password?");
await handleRequest("user_456", "Which plan includes SSO?");
