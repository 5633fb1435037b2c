/**
 * The four tables of the page (Users, Use cases, Limits, Calls): their columns, what each cell
 * shows, and the raw value behind it for sorting and export (cells shared by the tables are in
 * columns.ts). Pure (no DOM), so the text a learner reads and the numbers an export holds come
 * from one definition.
 */
import { describeCall, describeStatus, describeUser } from "../../shared/calls/describe.ts";
import { formatTokens, formatUsd } from "../../shared/calls/format.ts";
import { count, spendColumns, timeColumn, type Column } from "./columns.ts";
import {
  aggregateLimits,
  aggregateUseCases,
  aggregateUsers,
  UNATTRIBUTED,
  type LimitRow,
  type UseCaseRow,
  type UserRow,
} from "./aggregate.ts";
import { callTime, type CallFacts, type StoredCall } from "./record.ts";
import { lessonLabel } from "./filters.ts";
import { sortRows, type SortState } from "./sort.ts";

export type TabId = "users" | "use-cases" | "limits" | "calls";

export interface TableSpec<Row, Key = Row> {
  id: TabId;
  caption: string;
  columns: Column<Row, Key>[];
  defaultSort: SortState;
  /** Rows drawn in a way that says "look here" (unattributed spend, a limit past its max). */
  flagged?(row: Row): boolean;
  rows(calls: readonly StoredCall[]): Row[];
}

export const USERS: TableSpec<UserRow> = {
  id: "users",
  caption: "Spend per user",
  defaultSort: { key: "spend_usd", direction: "descending" },
  flagged: (row) => row.unattributed,
  rows: aggregateUsers,
  // Spend right after the user: on a phone it is the column people look for first.
  columns: [
    {
      key: "user",
      label: "User",
      value: (row) => row.userId,
      text: (row) => row.userId ?? UNATTRIBUTED,
      note: (row) => (row.unattributed ? "not attributable" : null),
      title: (row) =>
        row.unattributed ? "Calls without a user id: nobody can be charged for them" : null,
    },
    ...spendColumns<UserRow>(),
    count("requests", "Requests", (row) => row.requests),
    {
      key: "avg_cost_per_request_usd",
      label: "Avg per request",
      numeric: true,
      value: (row) => row.avgCostUsd,
      text: (row) => (row.avgCostUsd === null ? "—" : formatUsd(row.avgCostUsd)),
      title: () => "Spend divided by the requests whose cost is known (unpriced calls left out)",
    },
    count("input_tokens", "Input tokens", (row) => row.inputTokens),
    count("cached_input_tokens", "Cached", (row) => row.cachedInputTokens),
    count("output_tokens", "Output tokens", (row) => row.outputTokens),
    timeColumn<UserRow>("first_seen", "First seen", (row) => row.firstSeen),
    timeColumn<UserRow>("last_seen", "Last seen", (row) => row.lastSeen),
    {
      key: "unattributed",
      label: "Unattributed",
      exportOnly: true,
      value: (row) => row.unattributed,
      text: (row) => (row.unattributed ? "yes" : "no"),
    },
  ],
};

export const USE_CASES: TableSpec<UseCaseRow> = {
  id: "use-cases",
  caption: "Spend per use case",
  defaultSort: { key: "spend_usd", direction: "descending" },
  flagged: (row) => row.name === null,
  rows: aggregateUseCases,
  columns: [
    {
      key: "use_case",
      label: "Use case",
      value: (row) => row.name,
      text: (row) => row.name ?? "(no use case)",
      note: (row) => (row.name === null ? "outside any use case" : null),
    },
    ...spendColumns<UseCaseRow>(),
    count("requests", "Requests", (row) => row.requests),
    {
      ...count<UseCaseRow>("instances", "Instances", (row) => row.instances),
      title: () => "Distinct use case ids: one per instance (e.g. one per conversation)",
    },
  ],
};

const LIMIT_PROBLEMS = new Set(["exceeded", "overrun", "blocked", "unknown"]);

export const LIMITS: TableSpec<LimitRow> = {
  id: "limits",
  caption: "Limits, with the latest state seen",
  defaultSort: { key: "limit_id", direction: "ascending" },
  flagged: (row) => LIMIT_PROBLEMS.has(row.state),
  rows: aggregateLimits,
  columns: [
    {
      key: "limit_id",
      label: "Limit",
      value: (row) => row.id,
      text: (row) => row.name ?? row.id,
      note: (row) => (row.name && row.name !== row.id ? row.id : null),
    },
    {
      key: "name",
      label: "Name",
      exportOnly: true,
      value: (row) => row.name,
      text: (row) => row.name ?? "",
    },
    { key: "type", label: "Type", value: (row) => row.type, text: (row) => row.type ?? "—" },
    {
      key: "max_usd",
      label: "Max",
      numeric: true,
      value: (row) => row.max,
      text: (row) => (row.max === null ? "—" : formatUsd(row.max)),
    },
    {
      key: "spent_usd",
      label: "Spend",
      numeric: true,
      value: (row) => row.spentUsd,
      text: (row) => formatUsd(row.spentUsd),
    },
    {
      key: "state",
      label: "State",
      value: (row) => row.state,
      text: (row) => row.state,
      title: (row) => row.why,
    },
    count("calls", "Calls", (row) => row.calls),
    timeColumn<LimitRow>("last_seen", "Last seen", (row) => row.lastSeen),
    {
      key: "why",
      label: "Why",
      exportOnly: true,
      value: (row) => row.why,
      text: (row) => row.why,
    },
  ],
};

/** Descriptions are made for drawn rows only, and once per call. */
const described = new WeakMap<StoredCall, ReturnType<typeof describeCall>>();
function describe(call: StoredCall): ReturnType<typeof describeCall> {
  let description = described.get(call);
  if (!description) {
    description = describeCall(call.event);
    described.set(call, description);
  }
  return description;
}

function tokens(call: CallFacts, part: "input" | "cachedInput" | "output"): number | null {
  return call.event.units ? call.event.units[part] : null;
}

function tokenColumn(key: string, label: string, part: "input" | "cachedInput" | "output") {
  return {
    key,
    label,
    numeric: true,
    value: (call: CallFacts) => tokens(call, part),
    text: (call: StoredCall) => {
      const value = tokens(call, part);
      return value === null ? "—" : formatTokens(value);
    },
  } satisfies Column<StoredCall, CallFacts>;
}

export const CALLS: TableSpec<StoredCall, CallFacts> = {
  id: "calls",
  caption: "Every call",
  defaultSort: { key: "time", direction: "descending" },
  flagged: (call) => !call.event.userId.value,
  rows: (calls) => [...calls],
  // Who, what for and how much first; where it ran (lesson, runner, run) after.
  columns: [
    timeColumn<StoredCall, CallFacts>("time", "Time", callTime),
    {
      key: "user",
      label: "User",
      value: (call) => call.event.userId.value || null,
      text: (call) => call.event.userId.value || UNATTRIBUTED,
      title: (call) => describeUser(call.event.userId).why,
    },
    {
      key: "cost_usd",
      label: "Cost",
      numeric: true,
      value: (call) => (call.event.cost.status === "priced" ? call.event.cost.total : null),
      text: (call) => describe(call).cost.text,
      title: (call) => describe(call).cost.sentence,
    },
    {
      key: "cost_status",
      label: "Cost status",
      exportOnly: true,
      value: (call) => call.event.cost.status,
      text: (call) => call.event.cost.status,
    },
    {
      key: "use_case",
      label: "Use case",
      value: (call) => call.event.useCase.value?.name ?? null,
      text: (call) => call.event.useCase.value?.name ?? "(none)",
      title: (call) => call.event.useCase.why,
    },
    {
      key: "model",
      label: "Model",
      value: (call) => call.event.resource,
      text: (call) => call.event.resource,
    },
    tokenColumn("input_tokens", "Input", "input"),
    tokenColumn("cached_input_tokens", "Cached", "cachedInput"),
    tokenColumn("output_tokens", "Output", "output"),
    {
      key: "status",
      label: "Status",
      value: (call) => describeStatus(call.event).text,
      text: (call) => describe(call).status.text,
      title: (call) => describe(call).status.detail,
    },
    {
      key: "lesson",
      label: "Lesson",
      value: (call) => call.lesson,
      text: (call) => lessonLabel(call.lesson),
      title: (call) => `sandbox ${call.sandboxId}`,
    },
    {
      key: "sandbox",
      label: "Sandbox",
      exportOnly: true,
      value: (call) => call.sandboxId,
      text: (call) => call.sandboxId,
    },
    { key: "runner", label: "Runner", value: (call) => call.runner, text: (call) => call.runner },
    { key: "run_id", label: "Run", value: (call) => call.runId, text: (call) => call.runId },
    {
      key: "seq",
      label: "Call #",
      numeric: true,
      value: (call) => call.event.seq,
      text: (call) => String(call.event.seq),
      title: () => "The call's number within its run",
    },
  ],
};

export const TABLES = { users: USERS, "use-cases": USE_CASES, limits: LIMITS, calls: CALLS };

export interface BuiltTable<Row> {
  spec: TableSpec<Row>;
  /** The rows of the view, sorted: all of them, or the first `total` when that is given. */
  rows: Row[];
  sort: SortState;
  total?: number;
}

/** The rows of one table for the given calls, sorted (by `sort`, or the table's default). */
export function buildTable<Row extends Key, Key>(
  spec: TableSpec<Row, Key>,
  calls: readonly StoredCall[],
  sort: SortState = spec.defaultSort,
): BuiltTable<Row> {
  const sorted = sortTable(spec, spec.rows(calls), sort);
  return { spec: spec as TableSpec<Row>, ...sorted };
}

/**
 * Rows already made (aggregated elsewhere, or a call's facts), in the order `buildTable` gives:
 * by `sort`, or by the table's default when the sort names no column of it.
 */
export function sortTable<Key, Item extends Key>(
  spec: Pick<TableSpec<unknown, Key>, "columns" | "defaultSort">,
  rows: readonly Item[],
  sort: SortState = spec.defaultSort,
): { rows: Item[]; sort: SortState } {
  const requested = spec.columns.find((c) => c.key === sort.key);
  const used = requested ? sort : spec.defaultSort;
  const column = requested ?? spec.columns.find((c) => c.key === used.key) ?? spec.columns[0]!;
  const value = column.sortValue ?? column.value;
  return { rows: sortRows<Item>(rows, value, used.direction), sort: used };
}
