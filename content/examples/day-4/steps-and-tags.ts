import OpenAI from "openai";
import { payiInstrument, ingest, trackContext } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

async function ask(prompt: string) {
  const r = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return r.choices[0]?.message.content ?? "";
}

async function retrieve(question: string) {
  await client.embeddings.create({
    model: "text-embedding-3-small",
    input: question,
  });
  // Nested: inherits the user and use case, not the tags or the
  // step.
  const rerank = { useCaseStep: "rerank" };
  return trackContext(rerank, () => ask(`Pick the facts for: ${question}`));
}

async function answer(question: string) {
  const retrieveStep = { useCaseStep: "retrieve", requestTags: ["rag"] };
  const facts = await trackContext(retrieveStep, () => retrieve(question));

  const draftStep = { useCaseStep: "draft", requestTags: ["prompt-v2"] };
  return trackContext(draftStep, () => ask(`Answer with: ${facts}`));
}

const options = { userId: "user_123", useCaseName: "support_chat" };
await ingest(options, answer)("Can I return shoes?");
console.log("Three calls, one use case, three steps.");
