// Two requests arrive, one after the other, from two users.
// Task: tag each request's call with the user who made it,
// without changing the two requests at the bottom.
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

// The user id is read once, here, when the handler is defined...
const handleRequest = ingest({ userId: currentUser.id }, answer);

// ...so the request from user_456 is still tagged user_123.
currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
