import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

async function ask(client: OpenAI, question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

// Too early: instrumentation is not on yet, so this call
// leaves no record.
const early = new OpenAI(); // no API key in the sandbox
console.log("Before:", await ask(early, "Tell me a joke about invoices"));

// Instrument first, then create the client you use from now
// on: Pay-i hooks into the provider library as it starts.
payiInstrument();
const client = new OpenAI();

// From here on, every OpenAI call is captured.
console.log("After:", await ask(client, "Tell me a joke about budgets"));
