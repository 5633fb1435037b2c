import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function chat(question: string, thinkMs: number) {
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  await sleep(thinkMs); // meanwhile, the other request runs
  await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Say more about: ${question}` }],
  });
}

// One scope per request, built with that request's user.
const handleRequest = (userId: string, question: string, thinkMs: number) =>
  ingest({ userId }, chat)(question, thinkMs);

// Two requests at once: their awaits interleave, their scopes
// do not mix.
await Promise.all([
  handleRequest("user_123", "What is a vector index?", 1000),
  handleRequest("user_456", "What is a token?", 10),
]);
console.log("Four calls, two users, no mix-ups.");
