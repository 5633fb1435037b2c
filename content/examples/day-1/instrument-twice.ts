import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

// Your start-up code instruments the process...
payiInstrument();

// ...and later a module tries again with its own settings. This second
// call does nothing: the first configuration stays for the whole process.
payiInstrument({ userId: "user_123", useCaseName: "reporting" });

const client = new OpenAI();
const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Summarize: revenue rose 4% this quarter." }],
});
console.log(response.choices[0]?.message.content);
