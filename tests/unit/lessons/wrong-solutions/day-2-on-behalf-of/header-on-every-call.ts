// Wrong: puts the first customer's header on every call, the agent's summary included.
// Expect: No call is tagged agent_7
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const tickets = [
  { customerId: "cust_ana", question: "Why was I charged twice?" },
  { customerId: "cust_bo", question: "How do I export my data?" },
];
const headers = createHeaders({ userId: tickets[0]!.customerId });

const workQueue = ingest({ userId: "agent_7" }, async () => {
  await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [{ role: "user", content: "Summarize the open tickets" }] },
    { headers },
  );
  for (const ticket of tickets) {
    const prompt = `Draft a reply to: ${ticket.question}`;
    await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] },
      { headers },
    );
  }
});

await workQueue();
