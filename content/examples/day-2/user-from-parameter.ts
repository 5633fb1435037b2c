import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

// The user comes in as a parameter: tag the call itself.
async function answerFor(userId: string, prompt: string) {
  const reply = await client.chat.completions.create(
    {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
    },
    { headers: createHeaders({ userId }) },
  );
  return reply.choices[0]?.message.content;
}

console.log(await answerFor("user_123", "Tell me a joke"));
console.log(await answerFor("user_456", "Write a haiku about spring"));
