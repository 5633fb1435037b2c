// Wrong: names the use cases for people ("Ticket summary"), which Pay-i does not accept and
// which are not the names the task asks for.
// Expect: outside both use cases \(in Ticket summary, Support reply\)
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

const summarize = ingest({ useCaseName: "Ticket summary", useCaseVersion: 2 }, (t: string) =>
  ask(`Summarize this support ticket: ${t}`),
);
const writeReply = ingest(
  { useCaseName: "Support reply", useCaseVersion: 1 },
  async (summary: string) => ask(`Make this reply friendlier: ${await ask(`Draft: ${summary}`)}`),
);

for (const ticket of ["My order is broken.", "I paid twice."]) {
  console.log(await writeReply(await summarize(ticket)));
}
