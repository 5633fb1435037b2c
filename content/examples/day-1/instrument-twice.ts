import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

// Your start-up code instruments the process...
payiInstrument();

// ...and later a module tries again with its own settings.
// This second call does nothing: the first one stays.
payiInstrument({ userId: "user_123", useCaseName: "reports" });

const client = new OpenAI();
const question = "Summarize: revenue rose 4%.";
const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: question }],
});
console.log(response.choices[0]?.message.content);
