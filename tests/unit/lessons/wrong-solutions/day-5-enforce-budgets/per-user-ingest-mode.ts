// Wrong: gives each user a block budget of their own, but leaves the program in ingest mode,
// where a block limit cannot refuse anything (and Pay-i refuses to record such calls).
// Expect: the calls run in ingest mode.*blocking_limit_not_allowed
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budgets = new Map(
  ["user_456", "user_123"].map((id) => [
    id,
    createLimit({ name: `budget-${id}`, max: 0.00003, type: "block" }),
  ]),
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
