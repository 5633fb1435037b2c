/**
 * One table row per call. The user id is the row header: it is what the lesson is about, so it is
 * what a screen reader names each cell by and where the eye lands. The full explanation sits in a
 * closed <details> and is only built when opened, so thousands of rows stay cheap.
 */
import type { CallDescription, LimitDescription } from "../../../shared/calls/describe.ts";
import { el, srOnly } from "../../ui/dom.ts";

export const CALL_COLUMNS = [
  { key: "seq", label: "#", srLabel: "Call" },
  { key: "model", label: "Model" },
  { key: "user", label: "User id" },
  { key: "why", label: "Why this user" },
  { key: "use-case", label: "Use case" },
  { key: "limits", label: "Limits" },
  { key: "tokens", label: "Tokens" },
  { key: "cost", label: "Cost" },
  { key: "latency", label: "Latency" },
  { key: "status", label: "Status" },
] as const;

function cell(key: string, children: (Node | string | null)[]): HTMLTableCellElement {
  return el("td", { class: `payi-call__${key}` }, children);
}

function sub(text: string): HTMLSpanElement {
  return el("span", { class: "payi-sub" }, [text]);
}

function userCell(call: CallDescription): HTMLTableCellElement {
  const content = call.user.attributed
    ? el("span", { class: "payi-user" }, [call.user.label])
    : el("span", { class: "payi-user payi-user--none" }, [
        el("span", { class: "payi-user__icon", "aria-hidden": "true" }, ["⚠"]),
        call.user.label,
      ]);
  return el("th", { scope: "row", class: "payi-call__user" }, [content]);
}

function whyCell(call: CallDescription): HTMLTableCellElement {
  const summary = el("summary", {}, [call.user.why]);
  return cell("why", [el("details", { "data-seq": String(call.seq) }, [summary])]);
}

/** The explanation list for an opened row; its first line is the summary above it, so it is left out. */
export function explanationList(call: CallDescription): HTMLUListElement {
  return el(
    "ul",
    { class: "payi-call__explanation" },
    call.details.slice(1).map((line) => el("li", {}, [line])),
  );
}

function limitItem(limit: LimitDescription): HTMLLIElement {
  return el("li", {}, [
    el("span", { class: "payi-badge", "data-state": limit.state }, [limit.state]),
    " ",
    el("span", { class: "payi-limit__name" }, [limit.label]),
    sub(limit.spent),
  ]);
}

function limitsCell(call: CallDescription): HTMLTableCellElement {
  if (call.limits.length === 0)
    return cell("limits", [el("span", { class: "payi-muted" }, ["none"])]);
  return cell("limits", [el("ul", { class: "payi-limits" }, call.limits.map(limitItem))]);
}

function tokensCell(call: CallDescription): HTMLTableCellElement {
  const tokens = call.tokens;
  if (!tokens) return cell("tokens", [el("span", { class: "payi-muted" }, ["none"])]);
  return cell("tokens", [
    el("span", { class: "payi-nowrap" }, [`${tokens.input} in`]),
    tokens.cached ? sub(`${tokens.cached} cached`) : null,
    el("span", { class: "payi-nowrap payi-block" }, [`${tokens.output} out`]),
  ]);
}

function costCell(call: CallDescription): HTMLTableCellElement {
  const { kind, text, detail } = call.cost;
  const main =
    kind === "priced"
      ? el("span", { class: "payi-money" }, [text])
      : el("span", { class: "payi-badge", "data-state": kind }, [text]);
  return cell("cost", [main, detail ? sub(detail) : null]);
}

function statusCell(call: CallDescription): HTMLTableCellElement {
  const { kind, text, detail } = call.status;
  if (kind === "ok") return cell("status", [el("span", { class: "payi-muted" }, [text])]);
  return cell("status", [
    el("span", { class: "payi-badge", "data-state": kind }, [text]),
    detail ? el("span", { class: "payi-sub payi-clamp", title: detail }, [detail]) : null,
  ]);
}

export function callRow(call: CallDescription): HTMLTableRowElement {
  const useCase = call.useCase;
  return el(
    "tr",
    {
      class: "payi-call",
      "data-seq": String(call.seq),
      "data-attributed": String(call.user.attributed),
      "data-status": call.status.kind,
    },
    [
      cell("seq", [String(call.seq)]),
      cell("model", [el("code", {}, [call.model])]),
      userCell(call),
      whyCell(call),
      cell(
        "use-case",
        useCase
          ? [
              el("span", { class: "payi-usecase__name" }, [useCase.name]),
              useCase.detail ? sub(useCase.detail) : null,
            ]
          : [el("span", { class: "payi-muted" }, ["none"])],
      ),
      limitsCell(call),
      tokensCell(call),
      costCell(call),
      cell("latency", [el("span", { class: "payi-nowrap" }, [call.latency])]),
      statusCell(call),
    ],
  );
}

export function callsHeader(): HTMLTableSectionElement {
  return el("thead", {}, [
    el(
      "tr",
      {},
      CALL_COLUMNS.map((column) =>
        el("th", { scope: "col", class: `payi-col--${column.key}` }, [
          "srLabel" in column
            ? el("span", { "aria-hidden": "true" }, [column.label])
            : column.label,
          "srLabel" in column ? srOnly(column.srLabel) : null,
        ]),
      ),
    ),
  ]);
}
