import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

// An empty name turns the default use case off: calls are still
// captured and priced, but they belong to no use case.
payiInstrument({ useCaseName: "" });

const client = new OpenAI();
const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Explain prompt caching briefly." }],
});
console.log(response.choices[0]?.message.content);
