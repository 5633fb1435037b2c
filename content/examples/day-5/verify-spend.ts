import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";
import { createLimit, limitStatus } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budgets = {
  user_123: createLimit({ name: "budget-user_123", max: 0.01 }),
  user_456: createLimit({ name: "budget-user_456", max: 0.01 }),
  user_789: createLimit({ name: "budget-user_789", max: 0.01 }),
};

// What the program saw: each response's tracking result, summed
// per user.
const seen = new Map<string, number>();

async function handleRequest(userId: keyof typeof budgets, question: string) {
  const ask = ingest({ userId, limitIds: [budgets[userId].id] }, () =>
    client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    }),
  );
  const result = xproxyResult(await ask());
  // "cost" in result: a tracking result, not a refusal.
  if (result && "cost" in result && result.user_id && "total" in result.cost) {
    const before = seen.get(result.user_id) ?? 0;
    seen.set(result.user_id, before + result.cost.total);
  }
}

await handleRequest("user_123", "Plan my week");
await handleRequest("user_456", "Summarize this article");
await handleRequest("user_123", "Now plan next week");
await handleRequest("user_789", "Translate this email");

for (const [userId, budget] of Object.entries(budgets)) {
  const responses = (seen.get(userId) ?? 0).toFixed(6);
  const limit = (limitStatus(budget.id)?.spent ?? 0).toFixed(6);
  console.log(`${userId}: responses $${responses}, budget $${limit}`);
}
