// Wrong: per-user budgets in proxy mode, but allow limits, which never refuse a call.
// Expect: is an allow limit, which never refuses a call
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument({ proxy: true });
const client = new OpenAI();
const budgets = new Map(
  ["user_456", "user_123"].map((id) => [id, createLimit({ name: `budget-${id}`, max: 0.00003 })]),
);

async function handleRequest(userId: string, question: string) {
  const chat = ingest({ userId, limitIds: [budgets.get(userId)!.id] }, () =>
    client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    }),
  );
  await chat();
  console.log(`${userId}: answered`);
}

await handleRequest("user_456", "Plan my week");
await handleRequest("user_456", "Now plan next week");
await handleRequest("user_456", "And the week after");
await handleRequest("user_123", "Summarize this article");
