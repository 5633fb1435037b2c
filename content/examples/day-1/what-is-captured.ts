import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();
const question = "Write a haiku about cloud bills";

// A chat completion on a model with a public price.
const chat = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: question }],
});
console.log(chat.choices[0]?.message.content);

// An embedding: it has input tokens only.
await client.embeddings.create({
  model: "text-embedding-3-small",
  input: question,
});

// A fine-tuned model: its name is unique to your
// organization, so the price table has no entry for it.
await client.chat.completions.create({
  model: "ft:gpt-4o-mini:acme::abc123",
  messages: [{ role: "user", content: question }],
});
console.log("Done: compare the three rows.");
