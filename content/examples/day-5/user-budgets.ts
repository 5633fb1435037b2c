import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit, limitStatus } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();

// One budget per user, warning at 75%. The max is tiny so the
// sandbox gets there: each call costs about $0.00002.
const users = ["user_123", "user_456"];
const budgets = new Map(
  users.map((id) => [
    id,
    createLimit({
      name: `budget-${id}`,
      max: 0.00005, // USD
      threshold: 0.75,
    }),
  ]),
);

async function handleRequest(userId: string, question: string) {
  const budget = budgets.get(userId)!;
  return ingest({ userId, limitIds: [budget.id] }, async function chat() {
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    });
  })();
}

await handleRequest("user_123", "Plan my week");
await handleRequest("user_123", "Now plan next week");
await handleRequest("user_456", "Summarize this article");
await handleRequest("user_123", "And the week after");

for (const [userId, budget] of budgets) {
  const status = limitStatus(budget.id);
  const spent = status?.spent.toFixed(6);
  console.log(`${userId}: $${spent} of $${budget.max}, ${status?.state}`);
}
