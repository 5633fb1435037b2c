/**
 * The live panel's calls table as data-table columns. A row is a captured call or an uncaptured
 * one (greyed, "not captured"). In view at 37.5rem and up: #, user id, why (every tag's origin),
 * use case, limits, cost; tokens, latency, status, the model and the full explanation are in the
 * row's details. A call's words are worked out when its row is first drawn, not when it arrives.
 */
import type { CallEvent, UncapturedCall } from "../../../shared/calls/event.ts";
import {
  describeCall,
  describeTagOrigins,
  describeUncaptured,
  type CallDescription,
  type LimitDescription,
} from "../../../shared/calls/describe.ts";
import type { DataColumn } from "../../ui/data-table/columns.ts";
import { el } from "../../ui/dom.ts";

export type PanelRow =
  | { kind: "call"; key: string; event: CallEvent }
  | { kind: "uncaptured"; key: string; event: UncapturedCall };

/** Columns a sandbox may emphasise (kept in view and first among the optional ones). */
export type EmphasisColumn = "use-case" | "limits";

export function callKey(seq: number): string {
  return `c${seq}`;
}

export function uncapturedKey(index: number): string {
  return `u${index}`;
}

/** Call order: a captured call by seq; an uncaptured one right after the call it followed. */
export function compareRows(a: PanelRow, b: PanelRow): number {
  const place = (row: PanelRow): [number, number, number] =>
    row.kind === "call" ? [row.event.seq, 0, 0] : [row.event.afterSeq, 1, row.event.index];
  const [x, y] = [place(a), place(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

const descriptions = new WeakMap<CallEvent, CallDescription>();

/** The call's words, worked out once. */
export function described(event: CallEvent): CallDescription {
  let description = descriptions.get(event);
  if (!description) {
    description = describeCall(event);
    descriptions.set(event, description);
  }
  return description;
}

function muted(text: string): HTMLElement {
  return el("span", { class: "payi-muted" }, [text]);
}

function sub(text: string): HTMLElement {
  return el("span", { class: "payi-sub" }, [text]);
}

/** A user id badge: one line, never broken inside the id; the full id on hover and in the details. */
export function userBadge(id: string | null): HTMLElement {
  if (id === null)
    return el("span", { class: "payi-user payi-user--none" }, [
      el("span", { class: "payi-user__icon", "aria-hidden": "true" }, ["⚠"]),
      "no user",
    ]);
  return el("span", { class: "payi-user", title: id }, [id]);
}

function whyCell(event: CallEvent): HTMLElement {
  return el(
    "ul",
    { class: "payi-why" },
    describeTagOrigins(event).map((origin) =>
      el("li", { "data-origin": origin.kind, "data-cleared": String(origin.cleared) }, [
        el("span", { class: "payi-why__tag" }, [`${origin.tag}:`]),
        " ",
        el("span", { class: "payi-why__from" }, [
          origin.cleared ? `cleared by ${origin.from}` : origin.from,
        ]),
        origin.over && !origin.cleared ? sub(`over ${origin.over}`) : null,
      ]),
    ),
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

/** The cost, or why there is none: a failed or blocked call says so here, not only in details. */
function costCell(event: CallEvent): HTMLElement {
  const { status, cost } = described(event);
  if (status.kind === "blocked")
    return el("span", { class: "payi-badge", "data-state": "blocked" }, ["blocked"]);
  if (status.kind === "error") {
    const failed = event.status === 0 ? "failed" : `${event.status} failed`;
    return el("span", { class: "payi-badge", "data-state": "error" }, [failed]);
  }
  const amount =
    cost.kind === "priced"
      ? el("span", { class: "payi-money" }, [cost.text])
      : el("span", { class: "payi-badge", "data-state": cost.kind }, [cost.text]);
  // The provider charged it, but Pay-i refused to record it (a block limit in ingest mode).
  if (status.kind === "not-recorded")
    return el("span", {}, [
      amount,
      " ",
      el("span", { class: "payi-badge", "data-state": "not-recorded" }, ["not recorded"]),
    ]);
  return amount;
}

function tokensCell(call: CallDescription): HTMLElement | string {
  const tokens = call.tokens;
  if (!tokens) return muted("none");
  return el("span", {}, [
    `${tokens.input} in`,
    tokens.cached ? ` (${tokens.cached} cached)` : "",
    ` / ${tokens.output} out`,
  ]);
}

function statusCell(call: CallDescription): HTMLElement {
  const { kind, text, detail } = call.status;
  if (kind === "ok") return el("span", {}, [`${text} OK`]);
  return el("span", {}, [
    el("span", { class: "payi-badge", "data-state": kind }, [text]),
    detail ? sub(detail) : null,
  ]);
}

/** Renders `call` for captured rows, `uncaptured` for the others. */
function either<T>(
  call: (event: CallEvent) => T,
  uncaptured: (event: UncapturedCall) => T,
): (row: PanelRow) => T {
  return (row) => (row.kind === "call" ? call(row.event) : uncaptured(row.event));
}

const DASH = (): HTMLElement => muted("—");

export const CALL_COLUMNS: readonly DataColumn<PanelRow>[] = [
  {
    key: "seq",
    header: "#",
    headerLabel: "Call",
    width: "4.25rem",
    cell: either(
      (event) => el("span", { class: "payi-call__seq" }, [String(event.seq)]),
      () =>
        el("span", { class: "payi-call__seq" }, [
          el("span", { "aria-hidden": "true" }, ["—"]),
          el("span", { class: "payi-sr-only" }, ["not captured"]),
        ]),
    ),
  },
  {
    key: "user",
    header: "User id",
    rowHeader: true,
    width: "minmax(0, 1.15fr)",
    cell: either(
      (event) => userBadge(event.userId.value || null),
      () => el("span", { class: "payi-user payi-user--uncaptured" }, ["not captured"]),
    ),
  },
  {
    key: "why",
    header: "Why",
    width: "minmax(0, 1.7fr)",
    cell: either(whyCell, (event) =>
      el("span", { class: "payi-uncaptured__why" }, [describeUncaptured(event).reason]),
    ),
  },
  {
    key: "use-case",
    header: "Use case",
    placement: "wide",
    width: "minmax(0, 1fr)",
    cell: either((event) => {
      const useCase = described(event).useCase;
      if (!useCase) return muted("none");
      return el("span", {}, [
        el("span", { class: "payi-usecase__name" }, [useCase.name]),
        useCase.detail ? sub(useCase.detail) : null,
      ]);
    }, DASH),
  },
  {
    key: "limits",
    header: "Limits",
    placement: "wide",
    width: "minmax(0, 1.15fr)",
    cell: either((event) => {
      const limits = described(event).limits;
      return limits.length === 0
        ? muted("none")
        : el("ul", { class: "payi-limits" }, limits.map(limitItem));
    }, DASH),
  },
  {
    key: "cost",
    header: "Cost",
    numeric: true,
    width: "6.25rem",
    cell: either(
      (event) => costCell(event),
      () => el("span", { class: "payi-muted" }, ["not recorded"]),
    ),
  },
  // In the details only: what matters less at a glance.
  {
    key: "model",
    header: "Model",
    placement: "details",
    cell: (row) => el("code", { class: "payi-model" }, [row.event.resource]),
  },
  {
    key: "full-user",
    header: "User id",
    placement: "details",
    cell: either(
      (event) =>
        event.userId.value
          ? el("code", { class: "payi-model" }, [event.userId.value])
          : muted("none"),
      () => muted("none: not captured"),
    ),
  },
  {
    key: "tokens",
    header: "Tokens",
    placement: "details",
    cell: either((event) => tokensCell(described(event)), DASH),
  },
  {
    key: "latency",
    header: "Latency",
    placement: "details",
    cell: either<HTMLElement | string>((event) => described(event).latency, DASH),
  },
  {
    key: "status",
    header: "Status",
    placement: "details",
    cell: either(
      (event) => statusCell(described(event)),
      () => muted("reached the provider"),
    ),
  },
];

/** The full explanation of a row, one sentence per line. */
export function explanation(row: PanelRow): HTMLElement {
  const lines =
    row.kind === "call" ? described(row.event).details : describeUncaptured(row.event).details;
  return el(
    "ul",
    { class: "payi-call__explanation" },
    lines.map((line) => el("li", {}, [line])),
  );
}

export function detailsLabel(row: PanelRow): string {
  return row.kind === "call"
    ? `Details of call ${row.event.seq}`
    : `Details of uncaptured call ${row.event.index}`;
}

export function rowAttributes(row: PanelRow): Record<string, string> {
  if (row.kind === "uncaptured")
    return {
      class: "payi-call payi-call--uncaptured",
      "data-kind": "uncaptured",
      "data-reason": row.event.reason,
    };
  const call = described(row.event);
  return {
    class: "payi-call",
    "data-kind": "call",
    "data-seq": String(row.event.seq),
    "data-attributed": String(call.user.attributed),
    "data-status": call.status.kind,
  };
}
