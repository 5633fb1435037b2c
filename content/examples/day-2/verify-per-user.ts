import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

async function answer(model: string, prompt: string) {
  const reply = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: prompt }],
  });
  return reply.choices[0]?.message.content;
}

// One request: its user's id wraps the work.
function handle(userId: string, model: string, prompt: string) {
  return ingest({ userId }, answer)(model, prompt);
}

// Four requests from three users; one uses a bigger model.
await handle("u_7f3a9c", "gpt-4o-mini", "Summarize my inbox");
await handle("u_91c2d0", "gpt-4o", "Review this contract");
await handle("u_7f3a9c", "gpt-4o-mini", "Draft a reply to Sam");
await handle("u_0d44e1", "gpt-4o-mini", "Plan my week");

// A background job nobody tagged: its cost is nobody's.
await answer("gpt-4o-mini", "Write tonight's release notes");
