// Wrong: turns proxy mode on but keeps the one shared budget, so user_123 is refused for
// user_456's spending.
// Expect: user_123's question was refused although user_123 had spent nothing
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument({ proxy: true });
const client = new OpenAI();
const shared = createLimit({ name: "budget-everyone", max: 0.00003, type: "block" });

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
    if (!(error instanceof OpenAI.BadRequestError)) throw error;
    console.log(`${userId}: refused (${error.message})`);
  }
}

await handleRequest("user_456", "Plan my week");
await handleRequest("user_456", "Now plan next week");
await handleRequest("user_456", "And the week after");
await handleRequest("user_123", "Summarize this article");
