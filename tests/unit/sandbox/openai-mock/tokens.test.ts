import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens } from "../../../../sandbox/openai-mock/index.ts";
import { tokenize } from "../../../../sandbox/openai-mock/tokens.ts";

// A dozen varied English texts: prompts, prose, numbers, lists, code, JSON, long words.
const TEXTS = [
  "Tell me a joke about cost attribution.",
  "Summarize the following text in one sentence: The quarterly report shows that revenue grew 12% year over year, driven by strong demand for cloud services and a rebound in advertising, while operating costs stayed flat.",
  "You are a helpful assistant for an online bookshop. Answer questions about orders, shipping and returns politely and briefly. If you do not know the answer, say so and offer to connect the customer with a human agent.",
  "Prompt caching reduces latency and cost for long prompts that share a prefix. Requests are routed to a machine based on a hash of the initial prefix, and cache hits are reported in increments of 128 tokens.",
  "In 2024, the team spent $1,234.56 on 3,000,000 tokens (roughly 0.04% of the annual budget), compared with $987.10 in 2023.",
  "function add(a: number, b: number): number {\n  return a + b;\n}\n\nconsole.log(add(2, 3));\n",
  "Shopping list:\n- 2 apples\n- 1 loaf of bread\n- milk (semi-skimmed)\n- coffee beans, dark roast\n",
  "Internationalization, observability, instrumentation and accountability are long words; so are electroencephalography and counterrevolutionaries.",
  "Hi! Can you help me write a short, friendly email to my landlord asking when the broken heating will be repaired? Thanks so much.",
  "Q: What's the capital of Australia?\nA: Canberra. It's often confused with Sydney, which is the largest city.",
  '{"user_id": "u_4821", "use_case": "support-bot", "tokens": {"input": 1532, "output": 211}, "cost_usd": 0.00042}',
  "The mitochondria is the powerhouse of the cell. Photosynthesis, by contrast, takes place in chloroplasts, where light energy is converted into chemical energy stored in glucose.",
];

const PER_TEXT_TOLERANCE = 0.2;
const TOTAL_TOLERANCE = 0.1;

for (const [name, encode] of [
  ["o200k_base", encodeO200k],
  ["cl100k_base", encodeCl100k],
] as const) {
  test(`countTokens is within ±20% of ${name} per text and ±10% in total`, () => {
    let ours = 0;
    let theirs = 0;
    for (const text of TEXTS) {
      const expected = encode(text).length;
      const actual = countTokens(text);
      assert.ok(
        Math.abs(actual - expected) <= PER_TEXT_TOLERANCE * expected,
        `${actual} vs ${expected} for ${JSON.stringify(text.slice(0, 40))}`,
      );
      ours += actual;
      theirs += expected;
    }
    assert.ok(Math.abs(ours - theirs) <= TOTAL_TOLERANCE * theirs, `total ${ours} vs ${theirs}`);
  });
}

describe("tokenize", () => {
  test("pieces join back into the text, for any text", () => {
    for (const text of [
      ...TEXTS,
      "",
      "   ",
      "日本語のテキスト",
      "emoji 😀🎉!",
      "a\r\n\r\nb",
      "x".repeat(1000),
    ]) {
      assert.equal(tokenize(text).join(""), text);
      assert.equal(countTokens(text), tokenize(text).length);
    }
    assert.equal(countTokens(""), 0);
  });

  test("huge inputs are counted without blowing the stack", () => {
    assert.ok(countTokens("word ".repeat(200_000)) >= 200_000);
    assert.ok(countTokens("x".repeat(300_000)) > 10_000);
  });
});
