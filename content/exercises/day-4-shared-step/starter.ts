// Answering a question also refreshes the shared search index,
// which serves every user.
// Task: keep the refresh off user_123's bill and budget. Its
// embeddings call must carry no user and no limit ids, and stay
// in the support_chat use case; the answer stays as it is.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budget = createLimit({ name: "budget-user_123", max: 0.01 });
const docs = ["Returns are free for 30 days.", "Shipping takes two days."];

async function refreshSearchIndex() {
  await client.embeddings.create({
    model: "text-embedding-3-small",
    input: docs,
  });
}

async function answer(question: string) {
  await refreshSearchIndex();
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return r.choices[0]?.message.content;
}

const handleRequest = (userId: string, limitId: string, question: string) =>
  ingest(
    {
      userId,
      useCaseName: "support_chat",
      limitIds: [limitId],
    },
    answer,
  )(question);

console.log(await handleRequest("user_123", budget.id, "Can I return shoes?"));
