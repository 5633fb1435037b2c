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
    const tracked = xproxyResult(r);
    // "limits" in tracked: a tracking result, not a refusal.
    if (tracked && "limits" in tracked)
      console.log(`answered; budget ${tracked.limits[budget.id]?.state}`);
  } catch (error) {
    // A block limit refused it: HTTP 400, code limit_reached.
    if (!(error instanceof OpenAI.BadRequestError)) throw error;
    if (error.code !== "limit_reached") throw error;
    console.log(`refused: ${error.message}`);
  }
}

const chat = ingest({ userId: "user_123", limitIds: [budget.id] }, ask);
const questions = ["Plan my week", "Now plan next week", "And the week after"];
for (const question of questions) await chat(question);
