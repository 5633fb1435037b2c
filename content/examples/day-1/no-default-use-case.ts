import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

// An empty name turns the default use case off: calls are
// still captured and priced, but belong to no use case.
payiInstrument({ useCaseName: "" });

const client = new OpenAI();
const question = "Explain prompt caching briefly.";
const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: question }],
});
console.log(response.choices[0]?.message.content);
