// Wrong: gives every run of each use case the same fixed useCaseId, so the two tickets cannot
// be told apart.
// Expect: share one instance id
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
  { useCaseName: "ticket_summary", useCaseVersion: 2, useCaseId: "summaries" },
  (ticket: string) => ask(`Summarize this support ticket: ${ticket}`),
);
const writeReply = ingest(
  { useCaseName: "support_reply", useCaseVersion: 1, useCaseId: "replies" },
  async (summary: string) => ask(`Make this reply friendlier: ${await ask(`Draft: ${summary}`)}`),
);

for (const ticket of ["My order is broken.", "I paid twice."]) {
  console.log(await writeReply(await summarize(ticket)));
}
