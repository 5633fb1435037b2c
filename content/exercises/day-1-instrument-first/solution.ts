// A small app: a warm-up call checks that the model answers,
// then it answers two questions.
// Solution: instrument first, before any OpenAI call.
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
}

const warmUp = await ask("Hello, are you there?");
console.log("Warm-up tracked as:", xproxyResult(warmUp));

const questions = ["What is a token?", "What is a prompt?"];
for (const question of questions) {
  const answer = await ask(question);
  console.log(answer.choices[0]?.message.content);
}
