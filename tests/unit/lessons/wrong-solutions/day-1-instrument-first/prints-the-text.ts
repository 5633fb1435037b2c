// Wrong: leaves payiInstrument() late, prints the text the task mentions instead of the
// tracking result, and adds a call so that three calls are tracked.
// Expect: made before payiInstrument\(\) and not tracked
import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";

const client = new OpenAI();

async function ask(question: string) {
  return client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
}

await ask("Hello, are you there?");
console.log("Warm-up tracked as: { use_case_name: 'day-1-instrument-first' }");

payiInstrument();

const questions = ["What is a token?", "What is a prompt?", "What is a model?"];
for (const question of questions) {
  const answer = await ask(question);
  console.log(answer.choices[0]?.message.content);
}
