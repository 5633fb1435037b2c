import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

class Assistant {
  // No user here: this code is shared by every request.
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
  // ingest() is called per request, with this request's user.
  const reply = (text: string) => assistant.reply(text);
  return ingest({ userId }, reply)(prompt);
}

await handleRequest("user_123", "Summarize my inbox");
await handleRequest("user_456", "Plan my week");
console.log("Each request is tagged with its own user.");
