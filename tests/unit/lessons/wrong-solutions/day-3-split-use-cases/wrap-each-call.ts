// Wrong: wraps each call of the reply on its own, so the draft and the polish of one ticket
// are two runs of support_reply instead of one.
// Expect: support_reply has 4 instance ids for 2 tickets
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

const summaryCase = { useCaseName: "ticket_summary", useCaseVersion: 2 };
const replyCase = { useCaseName: "support_reply", useCaseVersion: 1 };
const askSummary = ingest(summaryCase, ask);
const askReply = ingest(replyCase, ask);

const tickets = ["My order is broken.", "I paid twice."];
for (const ticket of tickets) {
  const summary = await askSummary(`Summarize this support ticket: ${ticket}`);
  const draft = await askReply(`Draft a reply to: ${summary}`);
  console.log(await askReply(`Make this reply friendlier: ${draft}`));
}
