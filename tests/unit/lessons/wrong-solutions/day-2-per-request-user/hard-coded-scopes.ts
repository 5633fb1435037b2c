// Wrong: changes the two requests at the bottom, wrapping each in its own scope with the
// user typed in, instead of reading the user when the request is handled.
// Expect: get their users from two places
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

currentUser.id = "user_123";
await ingest({ userId: "user_123" }, answer)("What is on my calendar today?");
currentUser.id = "user_456";
await ingest({ userId: "user_456" }, answer)("Draft a reply to my last email.");
