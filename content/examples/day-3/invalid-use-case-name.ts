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

// Not a valid Pay-i name: it has spaces. Only letters,
// digits, ".", "-" and "_", at most 64 characters.
const summarizeOld = ingest({ useCaseName: "Ticket summary v2" }, (ticket: string) =>
  ask(`Summarize: ${ticket}`),
);

// The same feature, named by the rule, with its release as
// the version instead of in the name.
const summarize = ingest({ useCaseName: "ticket_summary", useCaseVersion: 2 }, (ticket: string) =>
  ask(`Summarize: ${ticket}`),
);

await summarizeOld("My order is broken.");
await summarize("My order is broken.");
console.log("Read the warning on the first row.");
