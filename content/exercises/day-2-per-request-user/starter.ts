// Two requests from two different users arrive one after the other.
// Task: make each request's OpenAI call carry the user who made it.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// A stand-in for the signed-in user of the request being handled (like Flask's g.user).
const currentUser = { id: "user_123" };

// The user id is read once, here, when the handler is defined...
const handleRequest = ingest({ userId: currentUser.id }, async (question: string) => {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
});

// ...so when the second request comes from user_456, its call is still tagged user_123.
currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
