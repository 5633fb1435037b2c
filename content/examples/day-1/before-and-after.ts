import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

const client = new OpenAI(); // no API key in the sandbox

async function ask(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

// Too early: instrumentation is not on yet, so this call
// leaves no record.
const before = await ask("Tell me a joke about invoices");
console.log("Before:", before);

payiInstrument();

// From here on, every OpenAI call is captured.
const after = await ask("Tell me a joke about budgets");
console.log("After:", after);
