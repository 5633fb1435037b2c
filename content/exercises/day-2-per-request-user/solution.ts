// Two requests from two different users arrive one after the other.
// Solution: read the user per request, when the request is handled, not once at start-up.
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

const currentUser = { id: "user_123" };

async function answer(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

// Wrap per request: the options are read now, with this request's user.
const handleRequest = (question: string) => ingest({ userId: currentUser.id }, answer)(question);

currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
