// Wrong: keeps the late payiInstrument() and simply repeats the warm-up after it, so three
// calls are tracked although the first warm-up is still lost.
// Expect: made before payiInstrument\(\) and not tracked
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";

const client = new OpenAI();

async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
}

await ask("Hello, are you there?");
payiInstrument();
const warmUp = await ask("Hello, are you there?");
console.log("Warm-up tracked as:", xproxyResult(warmUp));

const questions = ["What is a token?", "What is a prompt?"];
for (const question of questions) await ask(question);
