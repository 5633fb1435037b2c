import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const question = "Give me three tips on saving tokens";
const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: question }],
});
console.log(response.choices[0]?.message.content);

// What was tracked for this call: use case, user, cost,
// limit states. null means the call was not instrumented.
const tracked = xproxyResult(response);
console.log(tracked);

// A priced call has a total in US dollars. (When Pay-i refuses
// to record a call, the result is { code, message } instead.)
if (tracked && "cost" in tracked && "total" in tracked.cost) {
  const { use_case_name, cost } = tracked;
  console.log(`${use_case_name}: $${cost.total}`);
}
