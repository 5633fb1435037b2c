// Wrong: drops the loop and writes one call per customer, with the ids typed in.
// Expect: made at different lines
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const workQueue = ingest({ userId: "agent_7" }, async () => {
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Summarize the open tickets" }],
  });
  await client.chat.completions.create(
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Draft a reply to: Why was I charged twice?" }],
    },
    { headers: createHeaders({ userId: "cust_ana" }) },
  );
  await client.chat.completions.create(
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Draft a reply to: How do I export my data?" }],
    },
    { headers: createHeaders({ userId: "cust_bo" }) },
  );
});

await workQueue();
