import OpenAI from "openai";
import { payiInstrument, ingest, trackContext } from "payi-lab/instrument";

payiInstrument({ useCaseName: "" }); // no default use case
const client = new OpenAI();

async function ask(prompt: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return response.choices[0]?.message.content ?? "";
}

const answerQuestion = ingest(
  { useCaseName: "docs_qa", useCaseVersion: 3 },
  async function answerQuestion(question: string) {
    // Each step keeps the use case's name, id and version.
    const query = await trackContext(
      {
        useCaseStep: "rewrite_query",
      },
      () => ask(`Rewrite as a search query: ${question}`),
    );
    return trackContext(
      {
        useCaseStep: "answer",
      },
      () => ask(`Answer from the docs: ${query}`),
    );
  },
);

console.log(await answerQuestion("How do I rotate a key?"));

// No use case is in scope here, so the step has nothing
// to belong to: it is dropped.
const warmUp = () => ask("Hello");
await trackContext({ useCaseStep: "warm_up" }, warmUp);
