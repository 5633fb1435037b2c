// Wrong: tags each reply with a nested ingest() scope instead of the call's own header.
// Expect: this exercise practises the per-call way
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

const tickets = [
  { customerId: "cust_ana", question: "Why was I charged twice?" },
  { customerId: "cust_bo", question: "How do I export my data?" },
];

const workQueue = ingest({ userId: "agent_7" }, async () => {
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Summarize the open tickets" }],
  });
  for (const ticket of tickets) {
    const prompt = `Draft a reply to: ${ticket.question}`;
    await ingest({ userId: ticket.customerId }, () =>
      client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: prompt }],
      }),
    )();
  }
});

await workQueue();
