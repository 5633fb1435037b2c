import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

// Day 1's set-up: every call is captured, priced and timed...
payiInstrument();
const client = new OpenAI();

const prompts = ["Tell me a joke", "Write a haiku about spring"];
for (const prompt of prompts) {
  const reply = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  console.log(reply.choices[0]?.message.content);
}
// ...but nothing says who asked: neither call has a user.
