import OpenAI from "openai";
import { payiInstrument, trackContext } from "payi-lab/instrument";

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
  // A scope opened per request, with this request's user.
  return trackContext({ userId }, () => assistant.reply(prompt));
}

await handleRequest("user_123", "Summarize my inbox");
await handleRequest("user_456", "Plan my week");
console.log("Each request is tagged with its own user.");
