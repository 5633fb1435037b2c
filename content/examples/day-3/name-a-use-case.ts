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

// One feature of the product: every call inside it is
// counted under its name.
const summarizeTicket = ingest(
  { useCaseName: "ticket_summary" },
  async function summarizeTicket(ticket: string) {
    return ask(`Summarize this support ticket: ${ticket}`);
  },
);

console.log(await summarizeTicket("My order is broken."));

// Outside any named use case: the default one, named
// after this file.
console.log(await ask("Tell me a joke about support"));
