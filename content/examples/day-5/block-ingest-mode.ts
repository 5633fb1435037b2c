import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument(); // ingest mode, the default
const client = new OpenAI();
const budget = createLimit({
  name: "budget-user_123",
  max: 0.00003,
  type: "block",
});

async function ask(question: string) {
  // Ingest mode: the call goes straight to the provider, and
  // Pay-i is told about it afterwards.
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  const tracked = xproxyResult(r);
  if (tracked && "code" in tracked) {
    // Pay-i refused to record it: { code, message }.
    console.log(`answered, but not recorded: ${tracked.code}`);
  } else {
    console.log(`answered; budget ${tracked?.limits[budget.id]?.state}`);
  }
}

const chat = ingest({ userId: "user_123", limitIds: [budget.id] }, ask);
const questions = ["Plan my week", "Now plan next week", "And the week after"];
for (const question of questions) await chat(question);
