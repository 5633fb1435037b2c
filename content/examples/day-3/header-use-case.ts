import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const handleTicket = ingest(
  { useCaseName: "support_reply", useCaseVersion: 3 },
  async function handleTicket(ticket: string) {
    // The abuse check is its own feature: the header moves this one call to it.
    await client.chat.completions.create(
      {
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: `Is this message abusive? ${ticket}` }],
      },
      { headers: createHeaders({ useCaseName: "moderation" }) },
    );
    // No header: this call is in support_reply, version 3.
    const reply = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `Draft a reply to: ${ticket}` }],
    });
    return reply.choices[0]?.message.content;
  },
);

console.log(await handleTicket("I was charged twice this month."));
