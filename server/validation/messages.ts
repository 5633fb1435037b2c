/**
 * Valibot's issues as one sentence that names each field by its path in the request
 * ("body/calls/0/event/v must be 1, not 2"). The wording follows what the API has always answered
 * (Ajv's), so a client or a person reading an old log sees the same phrases. Fields missing from
 * one object are named together, and at most a few problems are listed: a batch of a hundred
 * broken calls says what is wrong with the first ones, not a hundred times the same.
 */
import type * as v from "valibot";

const MAX_PROBLEMS = 3;
/** Received values are quoted in the message; a long string is cut so the message stays short. */
const MAX_RECEIVED = 40;

type Issue = v.BaseIssue<unknown>;

function pathOf(root: string, path: readonly v.IssuePathItem[] | undefined): string {
  return [root, ...(path ?? []).map((item) => String(item.key))].join("/");
}

function what(expected: string | null): string {
  if (expected === null) return "something else";
  const named = (term: string) =>
    term === "Object" ? "an object" : term === "Array" ? "an array" : term;
  const choices = /^\((.*)\)$/.exec(expected)?.[1]?.split(" | ");
  return choices ? `one of ${choices.map(named).join(", ")}` : named(expected);
}

function received(issue: Issue): string {
  return issue.received.length > MAX_RECEIVED
    ? `${issue.received.slice(0, MAX_RECEIVED)}…`
    : issue.received;
}

/** What the value at the issue's path must be. */
function requirement(issue: Issue): string {
  const unit = Array.isArray(issue.input) ? "items" : "characters";
  switch (issue.type) {
    case "min_length":
      return `must NOT have fewer than ${String(issue.requirement)} ${unit}`;
    case "max_length":
      return `must NOT have more than ${String(issue.requirement)} ${unit}`;
    case "min_value":
      return `must be >= ${String(issue.requirement)}`;
    case "max_value":
      return `must be <= ${String(issue.requirement)}`;
    case "regex":
      return `must match ${String(issue.requirement)}`;
    case "integer":
      return "must be an integer";
    case "finite":
      return "must be a finite number";
    default:
      return `must be ${what(issue.expected)}, not ${received(issue)}`;
  }
}

function list(names: string[]): string {
  return names.length === 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

export function describeIssues(root: string, issues: readonly Issue[]): string {
  const problems: string[] = [];
  const keys = new Map<string, { missing: string[]; unknown: string[]; index: number }>();
  for (const issue of issues) {
    const last = issue.path?.at(-1);
    if (last && "origin" in last && last.origin === "key") {
      // A key, not a value, is wrong: missing from its object, or one a strict object refuses.
      const parent = pathOf(root, issue.path?.slice(0, -1));
      let entry = keys.get(parent);
      if (!entry) {
        entry = { missing: [], unknown: [], index: problems.push("") - 1 };
        keys.set(parent, entry);
      }
      (issue.expected === "never" ? entry.unknown : entry.missing).push(String(last.key));
      continue;
    }
    const problem = `${pathOf(root, issue.path)} ${requirement(issue)}`;
    if (!problems.includes(problem)) problems.push(problem);
  }
  for (const [parent, { missing, unknown, index }] of keys) {
    const parts = [];
    if (missing.length > 0) parts.push(`must have ${list(missing)}`);
    if (unknown.length > 0)
      parts.push(
        `must NOT have additional ${unknown.length === 1 ? "property" : "properties"} ${list(unknown)}`,
      );
    problems[index] = `${parent} ${parts.join(" and ")}`;
  }
  const shown = problems.slice(0, MAX_PROBLEMS).join("; ");
  const more = problems.length - MAX_PROBLEMS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
