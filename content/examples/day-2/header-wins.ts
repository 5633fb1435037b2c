import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const handle = ingest({ userId: "user_123" }, async () => {
  // Tagged from the context: user_123.
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Summarize my inbox" }],
  });
  // Made on behalf of someone else: the header wins.
  await client.chat.completions.create(
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Summarize Sam's inbox" }],
    },
    { headers: createHeaders({ userId: "user_456" }) },
  );
});

await handle();
console.log("The first call is user_123's, the second user_456's.");
