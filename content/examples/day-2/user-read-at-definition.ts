import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// Stands in for Flask's g.user: the signed-in user of the
// request being handled.
const currentUser = { id: "user_123" };

class Assistant {
  // Runs once, when the class is defined: user_123 for good.
  @ingest({ userId: currentUser.id })
  async reply(prompt: string) {
    const response = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: prompt }],
    });
    return response.choices[0]?.message.content;
  }
}
const assistant = new Assistant();

async function handleRequest(userId: string, prompt: string) {
  // What your authentication middleware does for each request:
  currentUser.id = userId;
  return assistant.reply(prompt);
}

// Two requests, from two different users.
await handleRequest("user_123", "Summarize my inbox");
await handleRequest("user_456", "Plan my week");
console.log("user_456's request was billed to user_123.");
