// A support bot handles two tickets. For each ticket, one
// call summarizes it, then two calls draft and polish the
// reply. All six calls land in the default use case.
// Task: put the summary calls in "ticket_summary" (version 2)
// and the reply calls in "support_reply" (version 1), with
// one instance of each per ticket.
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

async function ask(prompt: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return response.choices[0]?.message.content ?? "";
}

async function summarize(ticket: string) {
  return ask(`Summarize this support ticket: ${ticket}`);
}

async function writeReply(summary: string) {
  const draft = await ask(`Draft a reply to: ${summary}`);
  return ask(`Make this reply friendlier: ${draft}`);
}

const tickets = ["My order is broken.", "I paid twice."];
for (const ticket of tickets) {
  const summary = await summarize(ticket);
  console.log(await writeReply(summary));
}
