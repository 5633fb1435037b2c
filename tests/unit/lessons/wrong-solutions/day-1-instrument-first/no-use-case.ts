// Wrong: instruments first, but turns the default use case off.
// Expect: keep the default use case
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";

payiInstrument({ useCaseName: "" });
const client = new OpenAI();

async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
}

const warmUp = await ask("Hello, are you there?");
console.log("Warm-up tracked as:", xproxyResult(warmUp));
for (const question of ["What is a token?", "What is a prompt?"]) await ask(question);
