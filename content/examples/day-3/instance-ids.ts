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

class SupportBot {
  @ingest({ useCaseName: "support_reply" })
  async handleTicket(ticket: string) {
    const summary = await this.summarize(ticket);
    const draft = await ask(`Draft a reply to: ${summary}`);
    return this.checkTone(draft);
  }

  // A different name from its caller: a new instance id
  // on every entry.
  @ingest({ useCaseName: "ticket_summary" })
  async summarize(ticket: string) {
    return ask(`Summarize: ${ticket}`);
  }

  // The same name as its caller: it joins that instance.
  @ingest({ useCaseName: "support_reply" })
  async checkTone(draft: string) {
    return ask(`Is this reply polite? ${draft}`);
  }
}

const bot = new SupportBot();
await bot.handleTicket("My order arrived broken.");
await bot.handleTicket("I was charged twice this month.");
