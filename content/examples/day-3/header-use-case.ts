import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();
const model = "gpt-4o-mini";

const handleTicket = ingest(
  { useCaseName: "support_reply", useCaseVersion: 3 },
  async function handleTicket(ticket: string) {
    // The abuse check is a feature of its own: the header
    // moves this one call to it.
    const check = `Is this abusive? ${ticket}`;
    await client.chat.completions.create(
      { model, messages: [{ role: "user", content: check }] },
      { headers: createHeaders({ useCaseName: "moderation" }) },
    );

    // No header: this call is in support_reply, version 3.
    const draft = `Reply to: ${ticket}`;
    const reply = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: draft }],
    });
    return reply.choices[0]?.message.content;
  },
);

console.log(await handleTicket("I was charged twice."));
