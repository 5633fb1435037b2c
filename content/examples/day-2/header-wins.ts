import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const handleRequest = ingest({ userId: "user_123" }, async () => {
  // Tagged from the context: user_123.
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Summarize my inbox" }],
  });
  // This one call is made on behalf of someone else: the header wins.
  await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [{ role: "user", content: "Summarize the shared inbox" }] },
    { headers: createHeaders({ userId: "user_456" }) },
  );
});

await handleRequest();
console.log("Two calls: the first for user_123, the second for user_456.");
