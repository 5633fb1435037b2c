/**
 * The per-user summary under the calls: requests, tokens and spend per user id, the unattributed
 * bucket flagged, totals in the footer. A program with thousands of distinct users would make this
 * table as long as the calls table, so only the top spenders are listed and the rest summed.
 */
import { el, srOnly } from "../../ui/dom.ts";
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import type { SpendCounts, SpendSummary, UserSpend } from "../../../shared/calls/summarize.ts";

const MAX_USERS_LISTED = 50;

function callsCell(counts: SpendCounts): HTMLTableCellElement {
  return el("td", { class: "payi-num" }, [
    formatTokens(counts.requests),
    counts.errors > 0
      ? el("span", { class: "payi-sub" }, [`${formatTokens(counts.errors)} failed`])
      : null,
  ]);
}

function tokensCell(counts: SpendCounts): HTMLTableCellElement {
  return el("td", { class: "payi-num" }, [
    el("span", { class: "payi-nowrap" }, [`${formatTokens(counts.inputTokens)} in`]),
    counts.cachedInputTokens > 0
      ? el("span", { class: "payi-sub" }, [`${formatTokens(counts.cachedInputTokens)} cached`])
      : null,
    el("span", { class: "payi-nowrap payi-block" }, [`${formatTokens(counts.outputTokens)} out`]),
  ]);
}

function spendCell(counts: SpendCounts): HTMLTableCellElement {
  // A user whose every call was unpriced spent an unknown amount, not $0.
  const known = counts.pricedCalls > 0 || counts.unpricedCalls === 0;
  return el("td", { class: "payi-num" }, [
    known ? el("span", { class: "payi-money" }, [formatUsd(counts.spendUsd)]) : null,
    counts.unpricedCalls > 0
      ? el("span", { class: known ? "payi-sub" : "payi-badge", "data-state": "unpriced" }, [
          `${known ? "+ " : ""}${plural(counts.unpricedCalls, "unpriced call")}`,
        ])
      : null,
  ]);
}

function userHeader(user: UserSpend): HTMLTableCellElement {
  const name = user.unattributed
    ? [
        el("span", { class: "payi-user payi-user--none" }, [
          el("span", { class: "payi-user__icon", "aria-hidden": "true" }, ["⚠"]),
          "unattributed",
        ]),
        el("span", { class: "payi-sub" }, ["no user id: nobody can be charged"]),
      ]
    : [el("span", { class: "payi-user" }, [user.userId ?? ""])];
  return el("th", { scope: "row", class: "payi-summary__user" }, name);
}

function userRow(user: UserSpend): HTMLTableRowElement {
  return el("tr", { "data-attributed": String(!user.unattributed) }, [
    userHeader(user),
    callsCell(user),
    tokensCell(user),
    spendCell(user),
  ]);
}

function totalScope(users: UserSpend[]): string {
  const people = users.filter((user) => !user.unattributed).length;
  const unattributed = users.length > people ? " and unattributed calls" : "";
  return ` of ${plural(people, "user")}${unattributed}`;
}

function sumOf(users: UserSpend[]): SpendCounts {
  const sum: SpendCounts = {
    requests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    spendUsd: 0,
    pricedCalls: 0,
    unpricedCalls: 0,
    errors: 0,
  };
  for (const user of users) {
    for (const key of Object.keys(sum) as (keyof SpendCounts)[]) sum[key] += user[key];
  }
  return sum;
}

export function summaryTable(captionId: string): HTMLTableElement {
  return el("table", { class: "payi-summary" }, [
    el("caption", { id: captionId }, ["Spend per user"]),
    el("thead", {}, [
      el("tr", {}, [
        el("th", { scope: "col" }, ["User id"]),
        el("th", { scope: "col", class: "payi-num" }, ["Calls"]),
        el("th", { scope: "col", class: "payi-num" }, ["Tokens"]),
        el("th", { scope: "col", class: "payi-num" }, ["Spend"]),
      ]),
    ]),
    el("tbody"),
    el("tfoot"),
  ]);
}

/** A row drawn, by user, with what each of its cells showed. */
interface DrawnRow {
  tr: HTMLTableRowElement;
  shown: string[];
}

/** Rows drawn per table body and footer, by key: a refresh touches only the cells whose text changed. */
const drawn = new WeakMap<Element, Map<string, DrawnRow>>();

function shownOf(counts: SpendCounts): string[] {
  return [
    `${counts.requests}|${counts.errors}`,
    `${counts.inputTokens}|${counts.cachedInputTokens}|${counts.outputTokens}`,
    `${counts.spendUsd}|${counts.pricedCalls}|${counts.unpricedCalls}`,
  ];
}

/** Whether `fresh` is `node` with other text: the same kind of node, class and state. */
function sameShape(node: ChildNode, fresh: ChildNode): boolean {
  if (node.nodeType === Node.TEXT_NODE) return fresh.nodeType === Node.TEXT_NODE;
  if (!(node instanceof Element) || !(fresh instanceof Element)) return false;
  return (
    node.tagName === fresh.tagName &&
    node.className === fresh.className &&
    node.getAttribute("data-state") === fresh.getAttribute("data-state") &&
    node.childElementCount === 0 &&
    fresh.childElementCount === 0
  );
}

/**
 * Makes `cell` show what `fresh` (built, never attached) shows. When both have the same parts
 * (a count that grew, not a "failed" line that appeared) only the texts change: in a flood the
 * summary is refreshed while calls pour in, and new elements in a table cost far more style and
 * layout than new text in the same elements.
 */
function patchCell(cell: Element, fresh: Element): void {
  const now = [...cell.childNodes];
  const next = [...fresh.childNodes];
  if (
    now.length !== next.length ||
    !now.every((node, i) => sameShape(node, next[i] as ChildNode))
  ) {
    cell.replaceChildren(...next);
    return;
  }
  now.forEach((node, i) => {
    const text = next[i]?.textContent ?? "";
    if (node.textContent === text) return;
    // The text node's data, not a new node: inserting nodes re-checks the page's :has() rules.
    const inner = node.firstChild;
    if (node instanceof Text) node.data = text;
    else if (inner instanceof Text && inner === node.lastChild && text !== "") inner.data = text;
    else node.textContent = text;
  });
}

function countCells(counts: SpendCounts): HTMLTableCellElement[] {
  return [callsCell(counts), tokensCell(counts), spendCell(counts)];
}

/** The row of `key`: the one drawn, its changed cells patched, or a new one. */
function keptRow(
  before: Map<string, DrawnRow>,
  after: Map<string, DrawnRow>,
  key: string,
  counts: SpendCounts,
  build: () => HTMLTableRowElement,
): HTMLTableRowElement {
  const shown = shownOf(counts);
  const old = before.get(key);
  if (!old) {
    const tr = build();
    after.set(key, { tr, shown });
    return tr;
  }
  const cells = old.tr.cells;
  let fresh: HTMLTableCellElement[] | undefined;
  shown.forEach((text, i) => {
    if (old.shown[i] === text) return;
    fresh ??= countCells(counts);
    const cell = cells[i + 1];
    if (cell && fresh[i]) patchCell(cell, fresh[i]);
  });
  after.set(key, { tr: old.tr, shown });
  return old.tr;
}

/**
 * Shows `summary` in the table's body and footer. Rows are kept by user and only the cells whose
 * figures changed are touched: during a flood most users' counts change at every refresh.
 */
export function renderSummary(table: HTMLTableElement, summary: SpendSummary): void {
  const listed = summary.users.slice(0, MAX_USERS_LISTED);
  const rest = summary.users.slice(MAX_USERS_LISTED);
  const before = drawn.get(table) ?? new Map<string, DrawnRow>();
  const after = new Map<string, DrawnRow>();
  const rows = listed.map((user) =>
    keptRow(before, after, `u:${user.userId ?? ""}:${user.unattributed}`, user, () =>
      userRow(user),
    ),
  );
  if (rest.length > 0) {
    const others = sumOf(rest);
    const label = plural(rest.length, "more user");
    // Keyed by its label too: the row header says how many users it sums.
    rows.push(
      keptRow(before, after, `others:${label}`, others, () =>
        el("tr", { class: "payi-summary__others" }, [
          el("th", { scope: "row" }, [label]),
          ...countCells(others),
        ]),
      ),
    );
  }
  drawn.set(table, after);
  const body = table.tBodies[0];
  if (body) {
    // Moves only rows out of place; rows no longer listed go.
    rows.forEach((tr, i) => {
      if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] ?? null);
    });
    while (body.children.length > rows.length) body.lastElementChild?.remove();
  }
  const foot = table.tFoot;
  if (!foot) return;
  const scope = totalScope(summary.users);
  const footRows = new Map<string, DrawnRow>();
  const footDrawn = drawn.get(foot) ?? new Map<string, DrawnRow>();
  const total = keptRow(footDrawn, footRows, `total:${scope}`, summary.totals, () =>
    el("tr", {}, [
      // The unattributed bucket is not a user: count it apart.
      el("th", { scope: "row" }, ["Total", srOnly(scope)]),
      ...countCells(summary.totals),
    ]),
  );
  drawn.set(foot, footRows);
  if (foot.rows[0] !== total) foot.replaceChildren(total);
}
