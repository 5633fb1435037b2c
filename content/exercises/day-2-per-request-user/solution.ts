// Two requests arrive, one after the other, from two users.
// Solution: read the user when each request is handled, and
// open the request's scope there.
import OpenAI from "openai";
import { payiInstrument, trackContext } from "payi-lab/instrument";

payiInstrument();
const client = new OpenAI();

// Stands in for the signed-in user of the request being handled
// (like Flask's g.user).
const currentUser = { id: "user_123" };

async function answer(question: string) {
  const response = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: question }],
  });
  return response.choices[0]?.message.content;
}

function handleRequest(question: string) {
  // Per request: currentUser.id is this request's user. (The
  // @ingest-era way works too: ingest({ userId }, answer)(question).)
  return trackContext({ userId: currentUser.id }, () => answer(question));
}

currentUser.id = "user_123";
await handleRequest("What is on my calendar today?");
currentUser.id = "user_456";
await handleRequest("Draft a reply to my last email.");
