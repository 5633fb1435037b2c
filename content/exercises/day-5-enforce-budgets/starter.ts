// user_456 asks three questions, then user_123 asks one. Today
// both share one budget.
// Task: give each user a block budget of their own, named
// budget-<user id>, with a max of $0.00003, and enforce it, so
// that user_456's third question is refused and user_123 is
// still answered.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const shared = createLimit({
  name: "budget-everyone",
  max: 0.00003,
  type: "block",
});

async function handleRequest(userId: string, question: string) {
  const chat = ingest({ userId, limitIds: [shared.id] }, () =>
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
