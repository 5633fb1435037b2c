// Two requests arrive, one after the other, from two users.
// Solution: read the user when each request is handled.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// Stands in for the signed-in user of the request being handled
// (like Flask's g.user).
const currentUser = { id: "user_123" };

async function answer(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

function handleRequest(question: string) {
  // Wrapped per request: the options hold this request's user.
  return ingest({ userId: currentUser.id }, answer)(question);
}

currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
