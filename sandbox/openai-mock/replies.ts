/**
 * Plausible, deterministic replies for typical lesson prompts. A small text
 * bank with a topic slot: enough for a reader to recognise an answer to their
 * question, not an attempt at a language model.
 */
import { pick } from "./hash.ts";

type Bank = readonly [string, ...string[]];

const JOKES: Bank = [
  "Why do programmers prefer dark mode? Because light attracts bugs.",
  "I asked the model for a joke about tokens. It said the punchline would cost extra.",
  "Why did the developer go broke? Because they used up all their cache.",
];
const TOPIC_JOKES: Bank = [
  "I tried to explain {topic} to my cat. Now she bills me per token.",
  "Why did {topic} bring a ladder to the meeting? It heard the costs were going up.",
  "{Topic} walked into a bar. The bartender said: sorry, we only serve cached customers.",
];
const POEMS: Bank = [
  "{Topic} at first light\nsmall words gather, one by one\nthe meaning settles",
  "Quiet {topic} hums\ncounting every passing thought\nnothing goes to waste",
];
const LISTS: Bank = [
  "Here are three ideas about {topic}:\n1. Start with a clear goal and one simple measure of success.\n2. Try the smallest version first and learn from the results.\n3. Review what worked, then scale up gradually.",
  "Three tips on {topic}:\n1. Keep it simple at the start.\n2. Measure before you optimise.\n3. Write down what you learn so the team can reuse it.",
];
const GREETINGS: Bank = [
  "Hello! How can I help you today?",
  "Hi there! What would you like to talk about?",
];
const ANSWERS: Bank = [
  "{Topic} is a broad subject, but the essentials are simple: understand the goal, keep the approach small, and check the results against what you expected.",
  "Good question. With {topic}, the most useful first step is a clear definition; after that, one concrete example usually makes the rest fall into place.",
  "Here is the short answer on {topic}: focus on the few factors that matter most, measure them, and adjust as you learn more.",
  "{Topic} depends on context, but a good rule of thumb is to start with the simplest option that works and refine it with real data.",
];
const MORE_DETAIL: Bank = [
  " In practice, teams that write down their assumptions early find it much easier to explain later decisions.",
  " It also helps to compare two or three alternatives side by side before committing to one.",
  " Finally, revisit the topic after a few weeks: what looked important at first often turns out to be a detail.",
];
const SUMMARY_ENDINGS: Bank = [
  "",
  " The rest adds supporting detail.",
  " Everything else is context for that point.",
];

// Words that say what to do rather than what about: skipped when finding the topic.
const NOT_TOPIC = new Set(
  (
    "a an the and or but of to in on at for with by from as is are was were be been it its this that these those " +
    "i me my you your we our us they them he she his her what which who whom how why when where can could would " +
    "should will shall do does did please tell give show write explain describe make create list summarize " +
    "summarise summary short brief briefly one two three sentence sentences word words about some any me joke " +
    "funny poem haiku help need want know like just also very really so than then there here hi hello hey"
  ).split(" "),
);

/** A reply to `prompt`, chosen and filled in with `random` (seeded by the caller, so replies repeat). */
export function composeReply(prompt: string, random: () => number): string {
  const text = prompt.trim();
  const lower = text.toLowerCase();
  const topic = findTopic(text);
  const fill = (template: string): string =>
    template
      .replace("{Topic}", (topic || "This").charAt(0).toUpperCase() + (topic || "this").slice(1))
      .replace("{topic}", topic || "this");

  if (/\b(joke|funny|pun)\b/.test(lower)) return fill(pick(random, topic ? TOPIC_JOKES : JOKES));
  if (/\b(summari[sz]e|summary|tl;?dr)\b/.test(lower))
    return summarise(text, topic) + pick(random, SUMMARY_ENDINGS);
  if (/\b(haiku|poem|verse)\b/.test(lower)) return fill(pick(random, POEMS));
  if (/\b(list|ideas|tips|steps|ways|suggestions)\b/.test(lower)) return fill(pick(random, LISTS));
  if (/^(hi|hello|hey|good (morning|afternoon|evening))\b/.test(lower))
    return pick(random, GREETINGS);
  let answer = fill(pick(random, ANSWERS));
  if (/\b(detail|detailed|in depth|elaborate|essay|step by step)\b/.test(lower))
    answer += MORE_DETAIL.join("");
  return answer;
}

/** The subject of the prompt: the words after "about", else its first few content words. */
function findTopic(text: string): string {
  const about = /\b(?:about|on|regarding)\s+([^.?!:\n]+)/i.exec(text)?.[1];
  const words =
    (about ?? text.split(/[:\n]/)[0] ?? "").toLowerCase().match(/[\p{L}\p{N}'-]+/gu) ?? [];
  return words
    .filter((word) => !NOT_TOPIC.has(word))
    .slice(0, 4)
    .join(" ");
}

/** "In short: <the first sentence of the text to summarise, up to 24 words>." */
function summarise(prompt: string, topic: string): string {
  // The text to summarise follows the instruction, after a colon or a line break.
  const split = prompt.search(/[:\n]/);
  const source = split >= 0 ? prompt.slice(split + 1).trim() : "";
  const sentence = (source.split(/(?<=[.!?])\s/)[0] ?? "").replace(/[.!?]+$/, "");
  const words = sentence.split(/\s+/).filter(Boolean);
  if (words.length === 0) return `In short: ${topic || "the text"} comes down to one main point.`;
  return `In short: ${words.slice(0, 24).join(" ")}${words.length > 24 ? "..." : ""}.`;
}
