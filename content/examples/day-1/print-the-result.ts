import OpenAI from "openai";
import { payiInstrument } from "payi-lab/instrument";
import { xproxyResult } from "payi-lab/helpers";

payiInstrument();
const client = new OpenAI();

const response = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Give me three tips on saving tokens" }],
});
console.log(response.choices[0]?.message.content);

// What was tracked for this call: use case, user, cost, limit states.
// null means the call was not instrumented.
const tracked = xproxyResult(response);
console.log(tracked);

// The fields are typed: a priced call has a total in US dollars.
if (tracked && "total" in tracked.cost) {
  console.log(`${tracked.use_case_name}: $${tracked.cost.total}`);
}
