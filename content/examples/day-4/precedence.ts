import OpenAI from "openai";
import { payiInstrument, ingest, trackContext } from "payi-lab/instrument";
import { createHeaders } from "payi-lab/helpers";

payiInstrument({ userId: "service_nightly" }); // the global context
const client = new OpenAI();

async function ask(prompt: string, headers?: Record<string, string>) {
  await client.chat.completions.create(
    { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] },
    { headers },
  );
}

async function handleRequest() {
  // 2. ingest overrides global
  await ask("Answer my question");
  await trackContext({ userId: "user_456" }, async () => {
    // 3. trackContext overrides ingest
    await ask("Answer for the user I help");
    const headers = createHeaders({ userId: "user_789" });
    // 4. the header wins
    await ask("Check with a colleague", headers);
  });
}

// 1. global
await ask("Write the nightly digest");
await ingest({ userId: "user_123" }, handleRequest)();
