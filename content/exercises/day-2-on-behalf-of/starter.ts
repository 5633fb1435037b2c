// A support agent works through the ticket queue. The queue
// summary is the agent's own call; each reply drafted for a
// ticket counts against that ticket's customer.
// Task: tag each drafted reply with its customer.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

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
    // Made for ticket.customerId, but still tagged agent_7.
    const prompt = `Draft a reply to: ${ticket.question}`;
    await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
    });
  }
});

await workQueue();
