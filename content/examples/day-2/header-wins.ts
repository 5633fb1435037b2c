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
  // No header: the scope's user again. A header counts for
  // the one call it is passed with.
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Draft my reply" }],
  });
});

await handle();
console.log("Calls 1 and 3 are user_123's, call 2 is user_456's.");
