// Wrong: tries to clear the user with createHeaders({ userId: "" }), which sends no header at
// all, so the refresh keeps the request's user and budget.
// Expect: is still charged to user_123
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument();
const client = new OpenAI();
const budget = createLimit({ name: "budget-user_123", max: 0.01 });
const docs = ["Returns are free for 30 days.", "Shipping takes two days."];

async function refreshSearchIndex() {
  await client.embeddings.create(
    { model: "text-embedding-3-small", input: docs },
    { headers: createHeaders({ userId: "", limitIds: [] }) },
  );
}

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
