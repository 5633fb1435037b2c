import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI(); // no key needed in the sandbox

const answer = ingest({ userId: "user_123" }, async (prompt: string) => {
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return r.choices[0]?.message.content;
});

console.log(await answer("Tell me a joke"));
