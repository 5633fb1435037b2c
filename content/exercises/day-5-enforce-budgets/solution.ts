// user_456 asks three questions, then user_123 asks one.
// Solution: one block limit per user, attached next to that
// user's id, and proxy mode, the only mode in which a block
// limit can refuse a call.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit, type Limit } from "payi-lab/limits";

payiInstrument({ proxy: true });
const client = new OpenAI();
const budgets = new Map<string, Limit>();

function budgetFor(userId: string): Limit {
  let budget = budgets.get(userId);
  if (!budget) {
    budget = createLimit({
      name: `budget-${userId}`,
      max: 0.00003,
      type: "block",
    });
    budgets.set(userId, budget);
  }
  return budget;
}

async function handleRequest(userId: string, question: string) {
  const limitIds = [budgetFor(userId).id];
  const chat = ingest({ userId, limitIds }, () =>
    client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    }),
  );
  try {
    await chat();
    console.log(`${userId}: answered`);
  } catch (error) {
    // A budget refusal: HTTP 400 with the code limit_reached.
    if (!(error instanceof OpenAI.BadRequestError)) throw error;
    if (error.code !== "limit_reached") throw error;
    console.log(`${userId}: refused (${error.message})`);
  }
}

await handleRequest("user_456", "Plan my week");
await handleRequest("user_456", "Now plan next week");
await handleRequest("user_456", "And the week after");
await handleRequest("user_123", "Summarize this article");
