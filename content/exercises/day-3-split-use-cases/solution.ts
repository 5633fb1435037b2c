// A support bot handles two tickets. For each ticket, one
// call summarizes it, then two calls draft and polish the
// reply.
// Solution: wrap each feature's function once; every call
// of a wrapped function is a new instance.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

async function ask(prompt: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return response.choices[0]?.message.content ?? "";
}

const summarize = ingest(
  { useCaseName: "ticket_summary", useCaseVersion: 2 },
  async function summarize(ticket: string) {
    return ask(`Summarize this support ticket: ${ticket}`);
  },
);

// Both calls run in one entry, so they share one instance.
const writeReply = ingest(
  { useCaseName: "support_reply", useCaseVersion: 1 },
  async function writeReply(summary: string) {
    const draft = await ask(`Draft a reply to: ${summary}`);
    return ask(`Make this reply friendlier: ${draft}`);
  },
);

const tickets = ["My order is broken.", "I paid twice."];
for (const ticket of tickets) {
  const summary = await summarize(ticket);
  console.log(await writeReply(summary));
}
