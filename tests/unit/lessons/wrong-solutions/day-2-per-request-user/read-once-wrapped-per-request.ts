// Wrong: wraps per request, but with a user id copied once at start-up.
// Expect: Request 2 came from user_456, but its call is tagged user_123
import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

const currentUser = { id: "user_123" };
const userId = currentUser.id;

async function answer(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

function handleRequest(question: string) {
  return ingest({ userId }, answer)(question);
}

currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
