// Wrong: sets the user in payiInstrument()'s config, which is read once at start-up.
// Expect: Request 2 came from user_456, but its call is tagged user_123
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

const currentUser = { id: "user_123" };
payiInstrument({ userId: currentUser.id });
const client = new OpenAI();

async function answer(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

const handleRequest = answer;

currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
