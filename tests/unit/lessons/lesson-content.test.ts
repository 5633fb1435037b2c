/**
 * The lessons' text, checked where a mistake would mislead a learner: every example is shown with
 * its Python twin, each day points to its "in your own app" section and to Pay-i's pages, Day 2
 * keeps every element of the guide it is built from, and the reference pages hold what they
 * promise.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const lessonsDir = fileURLToPath(new URL("../../../content/lessons/", import.meta.url));
const examplesDir = fileURLToPath(new URL("../../../content/examples/", import.meta.url));
const lesson = (name: string) => readFileSync(path.join(lessonsDir, `${name}.mdx`), "utf8");
const DAYS = [1, 2, 3, 4, 5];

function headings(source: string): string[] {
  return [...source.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]!.trim());
}

describe("lesson content", () => {
  test("every example is embedded once, with its Python twin (<Example>), and no bare <Sandbox>", () => {
    const examples = readdirSync(examplesDir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .sort();
    const embedded = DAYS.flatMap((day) =>
      [...lesson(`day-${day}`).matchAll(/<Example\s+src="([^"]+)"/g)].map((match) => match[1]!),
    ).sort();
    assert.deepEqual(embedded, examples);
    for (const day of DAYS) assert.doesNotMatch(lesson(`day-${day}`), /<Sandbox\b/);
  });

  test("every code tab pair uses the one sync key and the two labels, so the choice carries over", () => {
    for (const day of DAYS) {
      const source = lesson(`day-${day}`);
      assert.doesNotMatch(source, /syncKey="(?!lang")/, `day-${day}: another syncKey`);
      const labels = [...source.matchAll(/<TabItem label="([^"]+)"/g)].map((match) => match[1]);
      assert.deepEqual([...new Set(labels)].sort(), ["Python", "TypeScript"], `day-${day}`);
    }
  });

  for (const day of DAYS) {
    test(`Day ${day} links its "in your own app" section and Pay-i's own pages`, () => {
      const source = lesson(`day-${day}`);
      assert.match(source, new RegExp(`\\]\\(/in-your-app/#day-${day}\\)`));
      const payi = new Set(source.match(/https:\/\/docs\.pay-i\.com\/docs\/[a-z0-9_-]+/g));
      assert.ok(payi.size >= 3, `day-${day} links only ${payi.size} Pay-i pages`);
    });
  }

  test("the in-your-app page has a section per day", () => {
    const source = lesson("in-your-app");
    for (const day of DAYS)
      assert.ok(headings(source).includes(`Day ${day}`), `no "## Day ${day}"`);
    assert.match(source, /pip install --pre payi/);
    assert.match(source, /PAYI_API_KEY/);
    assert.match(source, /payi_openai_url\(\)/);
  });

  test("Day 2 keeps every element of the guide it is built from", () => {
    const source = lesson("day-2");
    const elements: [string, RegExp][] = [
      ["why: cost allocation", /\*\*Allocate cost\.\*\*/],
      ["why: usage patterns", /\*\*Understand usage\.\*\*/],
      ["why: per-user limits", /\*\*Set per-user budgets\.\*\*/],
      ["why: troubleshooting", /\*\*Troubleshoot\.\*\*/],
      ["why: accountability", /\*\*Stay accountable\.\*\*/],
      ["recap of Day 1", /## Recap: what Day 1 gives you/],
      ["the core idea", /## The core idea/],
      ["approach 1", /## Approach 1/],
      ["approach 2", /## Approach 2/],
      ["the precedence note", /## When both are set, the header wins/],
      ["example 1: the Flask route", /@app\.route\("\/ai-chat"\)/],
      ["example 2: two users by parameter", /src="day-2\/user-from-parameter\.ts"/],
      ["best practices", /## Choosing user ids/],
      ["Pay-i's user-level attribution page", /docs\.pay-i\.com\/docs\/custom-user-ids/],
      ["verification in a Pay-i account", /developer\.pay-i\.com/],
      ["the dashboard's Cost Drivers > Users steps", /\*\*Cost Drivers\*\*[^]*\*\*Users\*\* tab/],
      ["our Cost Drivers view next to it", /\]\(\/cost-drivers\/\)/],
      ["next steps", /\[Day 3\]\(\/day-3\/\)/],
      ["today's way: trackContext per request", /trackContext\(\{ userId \}/],
    ];
    const missing = elements.filter(([, pattern]) => !pattern.test(source)).map(([name]) => name);
    assert.deepEqual(missing, []);
  });

  test("the landing page says what you will build, what you need, and how long each day takes", () => {
    const source = lesson("index");
    for (const heading of ["What you will build", "Before you start", "Time per day"])
      assert.ok(headings(source).includes(heading), `no "## ${heading}"`);
    const rows = source.match(/^\| [1-5]\. .+\| .*minutes.*\|$/gm) ?? [];
    assert.equal(rows.length, 5, "one row per day with its time");
  });

  test("troubleshooting covers what learners meet", () => {
    const found = headings(lesson("troubleshooting")).join("\n");
    for (const topic of [/no user/, /stream/i, /404/, /400 or 429/, /budget counts nothing/i])
      assert.match(found, topic);
  });

  test("the glossary defines each term once, in order", () => {
    const terms = [...lesson("glossary").matchAll(/^- \*\*(.+?)\*\*:/gm)].map((match) =>
      match[1]!.replace(/[`@]/g, "").toLowerCase(),
    );
    assert.ok(terms.length >= 20);
    assert.deepEqual(
      terms,
      [...terms].sort((a, b) => a.localeCompare(b)),
    );
    assert.equal(new Set(terms).size, terms.length);
  });

  test("every row of the name map cites a Pay-i page or a source function", () => {
    const rows = lesson("reference")
      .split("\n")
      .filter((line) => line.startsWith("| ") && !/^\| (Course|-)/.test(line));
    assert.ok(rows.length >= 30, `only ${rows.length} rows`);
    for (const row of rows) {
      const source = row.split(" | ").at(-1) ?? "";
      assert.match(
        source,
        /docs\.pay-i\.com|instrument\.py|helpers\.py/,
        `no source in: ${row.slice(0, 80)}`,
      );
    }
  });
});
