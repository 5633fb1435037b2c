import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

async function ask(prompt: string) {
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return r.choices[0]?.message.content ?? "";
}

// Inner scopes: each names only what it changes.
const translate = ingest({ useCaseName: "translate" }, (text: string) =>
  ask(`Translate to English: ${text}`),
);
const updateFaqStats = ingest({ userId: "" }, (question: string) =>
  ask(`Which FAQ topic is this? ${question}`),
);

async function answer(question: string) {
  // user inherited, own use case
  const english = await translate(question);
  // use case inherited, user cleared
  await updateFaqStats(english);
  // both from this scope
  return ask(`Answer the customer: ${english}`);
}

// The outer scope, built per request with this request's user.
const handleRequest = (userId: string, question: string) =>
  ingest({ userId, useCaseName: "support_chat" }, answer)(question);

await handleRequest("user_123", "Où est ma commande ?");
console.log("Three calls: translate, update the FAQ stats, answer.");
