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

/** Rows drawn per table, by user, with what they showed: a refresh rebuilds only those that changed. */
const drawn = new WeakMap<
  HTMLTableElement,
  Map<string, { shown: string; tr: HTMLTableRowElement }>
>();

function shownOf(counts: SpendCounts, label: string): string {
  return `${label}|${counts.requests}|${counts.errors}|${counts.inputTokens}|${counts.cachedInputTokens}|${counts.outputTokens}|${counts.spendUsd}|${counts.pricedCalls}|${counts.unpricedCalls}`;
}

/**
 * Shows `summary` in the table's body and footer. Rows are kept by user: during a flood most
 * users' rows change, but the table is redrawn in place rather than rebuilt.
 */
export function renderSummary(table: HTMLTableElement, summary: SpendSummary): void {
  const listed = summary.users.slice(0, MAX_USERS_LISTED);
  const rest = summary.users.slice(MAX_USERS_LISTED);
  const before = drawn.get(table) ?? new Map<string, { shown: string; tr: HTMLTableRowElement }>();
  const after = new Map<string, { shown: string; tr: HTMLTableRowElement }>();
  const keep = (
    key: string,
    shown: string,
    build: () => HTMLTableRowElement,
  ): HTMLTableRowElement => {
    const old = before.get(key);
    const entry = old && old.shown === shown ? old : { shown, tr: build() };
    after.set(key, entry);
    return entry.tr;
  };
  const rows = listed.map((user) =>
    keep(`u:${user.userId ?? ""}:${user.unattributed}`, shownOf(user, ""), () => userRow(user)),
  );
  if (rest.length > 0) {
    const others = sumOf(rest);
    const label = plural(rest.length, "more user");
    rows.push(
      keep("others", shownOf(others, label), () =>
        el("tr", { class: "payi-summary__others" }, [
          el("th", { scope: "row" }, [label]),
          callsCell(others),
          tokensCell(others),
          spendCell(others),
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
  const totals = shownOf(summary.totals, totalScope(summary.users));
  if (table.tFoot?.dataset["shown"] !== totals) {
    table.tFoot?.replaceChildren(
      el("tr", {}, [
        // The unattributed bucket is not a user: count it apart.
        el("th", { scope: "row" }, ["Total", srOnly(totalScope(summary.users))]),
        callsCell(summary.totals),
        tokensCell(summary.totals),
        spendCell(summary.totals),
      ]),
    );
    if (table.tFoot) table.tFoot.dataset["shown"] = totals;
  }
}
