import OpenAI from "openai";
import { payiInstrument, ingest } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";
import { createLimit } from "payi-lab/limits";

payiInstrument({ proxy: true }); // proxy mode: block limits are enforced
const client = new OpenAI();
const budget = createLimit({
  name: "budget-user_123",
  max: 0.00003,
  type: "block",
});

async function ask(question: string) {
  try {
    const r = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: question }],
    });
    const state = xproxyResult(r)?.limits[budget.id]?.state;
    console.log(`answered; budget ${state}`);
  } catch (error) {
    // A block limit refused it: HTTP 429, code limit_reached.
    if (!(error instanceof OpenAI.RateLimitError)) throw error;
    if (error.code !== "limit_reached") throw error;
    console.log(`refused: ${error.message}`);
  }
}

const chat = ingest({ userId: "user_123", limitIds: [budget.id] }, ask);
const questions = ["Plan my week", "Now plan next week", "And the week after"];
for (const question of questions) await chat(question);
