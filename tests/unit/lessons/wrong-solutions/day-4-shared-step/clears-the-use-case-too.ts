// Wrong: clears everything for the refresh, the use case included.
// Expect: The index refresh \(call 1\) is in no use case
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budget = createLimit({ name: "budget-user_123", max: 0.01 });
const docs = ["Returns are free for 30 days.", "Shipping takes two days."];

const refreshSearchIndex = ingest({ userId: "", limitIds: [], useCaseName: "" }, async () => {
  await client.embeddings.create({ model: "text-embedding-3-small", input: docs });
});

async function answer(question: string) {
  await refreshSearchIndex();
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return r.choices[0]?.message.content;
}

const options = { userId: "user_123", useCaseName: "support_chat", limitIds: [budget.id] };
console.log(await ingest(options, answer)("Can I return shoes?"));
