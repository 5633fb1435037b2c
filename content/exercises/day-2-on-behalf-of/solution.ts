// A support agent works through the ticket queue. The queue
// summary is the agent's own call; each reply drafted for a
// ticket counts against that ticket's customer.
// Solution: the replies carry their customer in their own
// headers, which win over ingest() for that call only.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const tickets = [
  { customerId: "cust_ana", question: "Why was I charged twice?" },
  { customerId: "cust_bo", question: "How do I export my data?" },
];

const workQueue = ingest({ userId: "agent_7" }, async () => {
  // The agent's own call: billed to agent_7.
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Summarize the open tickets" }],
  });
  for (const ticket of tickets) {
    // Made for the customer: billed to ticket.customerId.
    const prompt = `Draft a reply to: ${ticket.question}`;
    await client.chat.completions.create(
      {
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: prompt }],
      },
      { headers: createHeaders({ userId: ticket.customerId }) },
    );
  }
});

await workQueue();
