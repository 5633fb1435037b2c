/**
 * The room dashboard page: takes the admin key from the link (or asks for it), follows the room's
 * live stream, and draws the room. Stream events only update the state (room-state.ts); drawing
 * happens at most once per animation frame, and only for the parts that changed, so a room of 200
 * attendees posting every two seconds costs a few cell writes per frame. The chart, the heaviest
 * part (Observable Plot, loaded on demand), is redrawn at most once a second.
 */
import type * as Charts from "../../cost-drivers/chart.ts";
import { safeLocalStorage } from "../../local-storage.ts";
import { el } from "../../ui/dom.ts";
import { formatTokens, formatUsd, plural } from "../../../shared/calls/format.ts";
import {
  csvFileName,
  type AttendeeRow,
  type RoomCall,
  type StreamEvent,
  type Totals,
  type UseCaseRow,
} from "../../../shared/workshop/protocol.ts";
import {
  dashboardPath,
  forgetKey,
  normalizeRoomCode,
  parsePastedAdmin,
  storeKey,
  takeAdminLink,
  type AdminLink,
  type KeyStorage,
} from "./admin-key.ts";
import { createDashboardClient, RoomApiError, type RoomAdmin } from "../room-api.ts";
import { attendeeChart, describeAttendeeChart, describeRest } from "./attendee-bars.ts";
import { clockTime, relativeTime } from "./room-format.ts";
import { copyText, isLoopbackHost, joinUrl, parseJoinOrigin, qrCode } from "./join-panel.ts";
import { LiveTable, type Column } from "./live-table.ts";
import {
  fullscreenAvailable,
  isFullscreen,
  projectorOn,
  setProjector,
  toggleFullscreen,
} from "./projector.ts";
import {
  activeAttendees,
  emptyRoomState,
  isFailedCall,
  reduceRoom,
  sortedAttendees,
  sortedUseCases,
  type RoomAction,
  type RoomState,
} from "./room-state.ts";
import { RoomStream, type ConnectionState } from "./stream.ts";

type Part = "room" | "connection" | "notices" | "totals" | "attendees" | "useCases" | "feed";
type View = "signin" | "dashboard" | "gone";

/** "12 s ago" is rewritten this often. */
const TIME_TICK_MS = 5_000;
const CHART_INTERVAL_MS = 1_000;
const JOIN_SIZE_KEY = "payi-workshop:join-panel";
/** The network address attendees use, set on a dashboard opened at localhost. */
const JOIN_ORIGIN_KEY = "payi-workshop:join-origin";
/** The dashboard's normal font size (px): projector mode scales the chart by its own over this. */
const NORMAL_FONT_PX = 14;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function tokensCell(tokens: number, cached: number): { text: string; sub?: string } {
  return cached > 0
    ? { text: formatTokens(tokens), sub: `${formatTokens(cached)} cached` }
    : { text: formatTokens(tokens) };
}

function countCell(count: number, tone: "flag" | "bad") {
  return count > 0 ? { text: formatTokens(count), tone } : { text: "0", tone: "muted" as const };
}

/** Spend of a row: "unknown" when every call it made is unpriced (never "$0.00"). */
function spendCell(row: { spendUsd: number; requests: number; unpricedCalls: number }) {
  if (row.requests > 0 && row.unpricedCalls === row.requests)
    return { text: "unknown", sub: "unpriced calls only", tone: "flag" as const };
  return row.unpricedCalls > 0
    ? { text: formatUsd(row.spendUsd), sub: `+ ${plural(row.unpricedCalls, "unpriced call")}` }
    : { text: formatUsd(row.spendUsd) };
}

/** The figures attendee and use case rows share, in the same order in both tables. */
function totalsColumns<Row extends Totals>(): Column<Row>[] {
  return [
    { label: "Requests", numeric: true, cell: (row) => formatTokens(row.requests) },
    {
      label: "Input tokens",
      numeric: true,
      cell: (row) => tokensCell(row.inputTokens, row.cachedInputTokens),
    },
    { label: "Output tokens", numeric: true, cell: (row) => formatTokens(row.outputTokens) },
    { label: "Spend", numeric: true, cell: spendCell },
    { label: "Unpriced", numeric: true, cell: (row) => countCell(row.unpricedCalls, "flag") },
    { label: "Failed", numeric: true, cell: (row) => countCell(row.failedCalls, "bad") },
  ];
}

interface Notice {
  kind: "info" | "warning" | "error";
  text: string;
  action?: { label: string; name: string };
}

export function startDashboard(root: HTMLElement): void {
  new DashboardPage(root).start();
}

class DashboardPage {
  readonly #root: HTMLElement;
  readonly #base: string;
  readonly #storage: KeyStorage | undefined = safeLocalStorage();
  #room: string | null = null;
  #key: string | null = null;
  readonly #client = createDashboardClient();
  #api: RoomAdmin | undefined;
  #stream: RoomStream | undefined;
  #state: RoomState = emptyRoomState();
  #connection: ConnectionState = { kind: "connecting" };
  #keyUnstored = false;
  #errors: Notice[] = [];
  #info: Notice | null = null;
  #infoTimer: ReturnType<typeof setTimeout> | undefined;
  /** How far the service's clock is behind this one (ms), so "12 s ago" is right on both. */
  #clockOffset: number | null = null;
  #now = Date.now();
  #dirty = new Set<Part>();
  #frame = 0;
  #charts: Promise<typeof Charts> | undefined;
  #chartShown = "";
  #chartAt = 0;
  #announcedOrigin: string | null = null;
  #chartTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #attendees: LiveTable<AttendeeRow>;
  readonly #useCases: LiveTable<UseCaseRow>;
  readonly #feed: LiveTable<RoomCall>;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#base = root.dataset["base"] ?? "/";
    this.#attendees = new LiveTable(this.#part("attendees"), {
      labelledBy: "wd-attendees-title",
      columns: this.#attendeeColumns(),
      key: (row) => row.userId,
      emptyText: "Nobody has joined yet. Attendees appear here as they join.",
    });
    this.#useCases = new LiveTable(this.#part("use-cases"), {
      labelledBy: "wd-use-cases-title",
      columns: this.#useCaseColumns(),
      key: (row) => (row.name === null ? "\u0000none" : `=${row.name}`),
      emptyText: "No calls yet. Use cases appear with the first call that names one.",
    });
    this.#feed = new LiveTable(this.#part("feed"), {
      labelledBy: "wd-feed-title",
      columns: this.#feedColumns(),
      key: (call) => String(call.seq),
      emptyText: "No calls yet. Each attendee's sandbox runs appear here as they happen.",
      markNew: true,
    });
  }

  start(): void {
    const start = takeAdminLink(
      {
        hash: location.hash,
        search: location.search,
        replace: (path) => history.replaceState(history.state, "", path),
      },
      this.#storage,
      this.#base,
    );
    this.#wire();
    this.#drawProjector();
    setInterval(() => this.#invalidate("attendees"), TIME_TICK_MS);
    if (start.room && start.key) this.#open({ room: start.room, key: start.key }, start.unstored);
    else this.#showSignin(start.room, null);
  }

  // Views.

  #setView(view: View): void {
    this.#root.dataset["view"] = view;
    this.#part("loading").hidden = true;
    this.#part("signin").hidden = view !== "signin";
    this.#part("dashboard").hidden = view !== "dashboard";
    this.#part("gone").hidden = view !== "gone";
  }

  #showSignin(room: string | null, error: string | null): void {
    this.#close();
    this.#room = room;
    this.#key = null;
    this.#setView("signin");
    this.#part("signin-intro").replaceChildren(
      "When ",
      el("code", {}, ["npm run workshop"]),
      " starts, it prints an ",
      el("strong", {}, ["admin link"]),
      room
        ? ` for the room. Paste the admin link for room ${room} here.`
        : " for the room. Open it in this browser, or paste it here.",
    );
    const box = this.#part("signin-error");
    box.hidden = error === null;
    box.textContent = error ?? "";
    if (error !== null) this.#part<HTMLInputElement>("key-form").querySelector("input")?.focus();
  }

  #showGone(room: string, text: string): void {
    this.#close();
    forgetKey(this.#storage, room);
    for (const dialog of this.#root.querySelectorAll("dialog")) if (dialog.open) dialog.close();
    this.#part("gone-title").textContent = `Room ${room} is gone`;
    this.#part("gone-text").textContent =
      `${text} Attendees who were in it can no longer send calls to it. To go on, open a new room ` +
      "(on the machine running `npm run workshop`) and share its join link.";
    this.#part("gone-error").hidden = true;
    this.#setView("gone");
    document.title = `Room gone · ${document.title.replace(/^.*? · /, "")}`;
  }

  /** Opens the dashboard of `link.room` and follows its stream. */
  #open(link: AdminLink, unstored = false): void {
    this.#close();
    this.#room = link.room;
    this.#key = link.key;
    this.#keyUnstored = unstored;
    this.#api = this.#client.admin(link.room, link.key);
    this.#state = emptyRoomState();
    this.#clockOffset = null;
    this.#errors = [];
    this.#chartShown = "";
    this.#attendees.clear();
    this.#useCases.clear();
    this.#feed.clear();
    this.#part("chart").replaceChildren();
    this.#part("chart-note").hidden = true;
    this.#part("unpriced-note").hidden = true;
    // Another room's figures must not stand in for this one's until its snapshot arrives.
    for (const value of this.#root.querySelectorAll<HTMLElement>("[data-role^=figure-]"))
      value.textContent = value.dataset["role"]?.endsWith("-sub") ? "" : "–";
    this.#setView("dashboard");
    document.title = `${link.room} · ${document.title.replace(/^.*? · /, "")}`;
    this.#drawJoin();
    // Only with a room to show: on a static host (no service) this would be a 404.
    if (this.#announcedOrigin === null) void this.#askAnnouncedOrigin();
    this.#connection = { kind: "connecting" };
    this.#stream = new RoomStream(link.room, link.key, {
      onEvent: (event) => this.#onEvent(event),
      onState: (state) => this.#onConnection(state),
    });
    this.#stream.start();
    this.#invalidate("room", "connection", "notices", "totals", "attendees", "useCases", "feed");
  }

  #close(): void {
    this.#stream?.close();
    this.#stream = undefined;
    clearTimeout(this.#chartTimer);
    this.#chartTimer = undefined;
  }

  // Stream.

  #onEvent(event: StreamEvent): void {
    if (event.event === "calls") {
      const last = event.data.calls.at(-1);
      const received = last ? Date.parse(last.receivedAt) : NaN;
      if (Number.isFinite(received)) {
        // Calls are sent within a moment of arriving: the smallest lag seen is the clock offset.
        const offset = Date.now() - received;
        this.#clockOffset =
          this.#clockOffset === null ? offset : Math.min(this.#clockOffset, offset);
      }
    }
    const action: RoomAction =
      event.event === "snapshot"
        ? { type: "snapshot", snapshot: event.data }
        : event.event === "reset"
          ? { type: "reset", snapshot: event.data }
          : event.event === "calls"
            ? { type: "calls", calls: event.data.calls }
            : event.event === "attendee"
              ? { type: "attendee", attendee: event.data }
              : event.event === "room"
                ? { type: "room", room: event.data }
                : { type: "deleted" };
    this.#apply(action);
  }

  #apply(action: RoomAction): void {
    const before = this.#state;
    const after = reduceRoom(before, action);
    if (after === before) return;
    this.#state = after;
    const parts: Part[] = [];
    if (after.room !== before.room) parts.push("room");
    if (after.totals !== before.totals) parts.push("totals");
    if (after.attendees !== before.attendees) parts.push("attendees", "totals", "feed");
    if (after.useCases !== before.useCases) parts.push("useCases");
    if (after.feed !== before.feed) parts.push("feed");
    this.#invalidate(...parts);
  }

  #onConnection(state: ConnectionState): void {
    this.#connection = state;
    if (state.kind === "stopped") {
      const room = this.#room ?? "";
      if (state.reason === "key-rejected") {
        forgetKey(this.#storage, room);
        this.#showSignin(
          room,
          `The room service rejected the admin key for room ${room}. ${state.message} ` +
            "Paste the admin link again, or the admin link of another room.",
        );
        return;
      }
      if (state.reason === "room-deleted") {
        this.#showGone(room, state.message);
        return;
      }
    }
    this.#invalidate("connection", "notices");
  }

  // Drawing.

  #invalidate(...parts: Part[]): void {
    for (const part of parts) this.#dirty.add(part);
    if (!this.#frame && this.#dirty.size) this.#frame = requestAnimationFrame(() => this.#draw());
  }

  #draw(): void {
    this.#frame = 0;
    const dirty = this.#dirty;
    this.#dirty = new Set();
    if (this.#part("dashboard").hidden) return;
    this.#now = Date.now() - (this.#clockOffset ?? 0);
    if (dirty.has("room")) this.#drawRoom();
    if (dirty.has("connection")) this.#drawConnection();
    if (dirty.has("notices") || dirty.has("connection")) this.#drawNotices();
    // Before the first snapshot the room is unknown, not empty: "nobody joined" would be false.
    if (this.#state.room === null) return;
    if (dirty.has("totals")) this.#drawTotals();
    if (dirty.has("attendees")) {
      this.#attendees.update(sortedAttendees(this.#state));
      this.#scheduleChart();
    }
    if (dirty.has("useCases")) this.#useCases.update(sortedUseCases(this.#state));
    if (dirty.has("feed")) this.#feed.update(this.#state.feed);
  }

  #drawRoom(): void {
    const room = this.#state.room;
    this.#part("room-code").textContent = this.#room ?? "";
    const name = this.#part("room-name");
    name.textContent = room?.name ?? "";
    name.hidden = !room?.name;
    const frozen = room?.frozen ?? false;
    this.#part("frozen").hidden = !frozen;
    this.#action("freeze").setAttribute("aria-pressed", String(frozen));
    for (const code of this.#root.querySelectorAll("[data-role=dialog-code]"))
      code.textContent = this.#room ?? "";
  }

  #drawConnection(): void {
    const state = this.#connection;
    const box = this.#part("connection");
    box.dataset["kind"] = state.kind;
    this.#part("connection-text").textContent =
      state.kind === "connecting"
        ? "Connecting…"
        : state.kind === "live"
          ? "Live"
          : state.kind === "reconnecting"
            ? "Reconnecting…"
            : "Stopped";
  }

  #drawNotices(): void {
    const notices: Notice[] = [];
    const state = this.#connection;
    if (state.kind === "reconnecting") notices.push({ kind: "warning", text: state.detail });
    if (state.kind === "stopped")
      notices.push({
        kind: "error",
        text: `The live view stopped. ${state.message}`,
        action: { label: "Try again", name: "retry" },
      });
    if (this.#keyUnstored)
      notices.push({
        kind: "warning",
        text:
          "This browser does not let the page keep the admin key, so it lasts until this tab " +
          "closes. Keep the admin link to open the dashboard again.",
      });
    if (this.#info) notices.push(this.#info);
    notices.push(...this.#errors);
    this.#part("notices").replaceChildren(
      ...notices.map((notice) =>
        el(
          "p",
          {
            class: "wd__notice",
            "data-kind": notice.kind,
            ...(notice.kind === "error" ? { role: "alert" } : {}),
          },
          [
            notice.text,
            notice.action
              ? el(
                  "button",
                  { type: "button", class: "wd__link-button", "data-action": notice.action.name },
                  [notice.action.label],
                )
              : null,
          ],
        ),
      ),
    );
  }

  #drawTotals(): void {
    const { totals } = this.#state;
    const figure = (id: string, text: string, sub = "", flag = false) => {
      const value = this.#part(`figure-${id}`);
      if (value.textContent !== text) value.textContent = text;
      const small = this.#part(`figure-${id}-sub`);
      if (small.textContent !== sub) small.textContent = sub;
      value.closest(".wd__figure")?.toggleAttribute("data-flag", flag);
    };
    const allUnpriced = totals.requests > 0 && totals.unpricedCalls === totals.requests;
    figure(
      "spend",
      allUnpriced ? "unknown" : formatUsd(totals.spendUsd),
      totals.unpricedCalls ? `+ ${plural(totals.unpricedCalls, "unpriced call")}` : "",
    );
    figure("requests", formatTokens(totals.requests));
    const joined = this.#state.attendees.size;
    figure(
      "attendees",
      formatTokens(joined),
      joined ? `${formatTokens(activeAttendees(this.#state))} made calls` : "",
    );
    figure(
      "input",
      formatTokens(totals.inputTokens),
      totals.cachedInputTokens ? `${formatTokens(totals.cachedInputTokens)} cached` : "",
    );
    figure("output", formatTokens(totals.outputTokens));
    figure("unpriced", formatTokens(totals.unpricedCalls), "", totals.unpricedCalls > 0);
    figure("failed", formatTokens(totals.failedCalls), "", totals.failedCalls > 0);
    const note = this.#part("unpriced-note");
    note.hidden = totals.unpricedCalls === 0;
    note.textContent = totals.unpricedCalls
      ? `${plural(totals.unpricedCalls, "unpriced call")} not in the spend: their model has no ` +
        "price, so their cost is unknown (not $0)."
      : "";
  }

  #scheduleChart(): void {
    if (this.#chartTimer !== undefined) return;
    const wait = Math.max(0, this.#chartAt + CHART_INTERVAL_MS - performance.now());
    this.#chartTimer = setTimeout(() => {
      this.#chartTimer = undefined;
      this.#chartAt = performance.now();
      this.#drawChart();
    }, wait);
  }

  #drawChart(): void {
    if (this.#state.room === null) return;
    const rows = [...this.#state.attendees.values()];
    const chart = attendeeChart(rows);
    const { bars } = chart;
    const body = this.#part("chart");
    const scale = this.#chartScale();
    const width = Math.round(body.clientWidth / scale);
    const shown = `${width}|${JSON.stringify(chart)}|${rows.length}`;
    if (!width || shown === this.#chartShown) return;
    this.#chartShown = shown;
    this.#part("chart-text").textContent = describeAttendeeChart(chart, rows);
    const note = this.#part("chart-note");
    note.textContent = describeRest(chart.rest);
    note.hidden = !chart.rest;
    if (!bars.length) {
      body.replaceChildren(
        el("p", { class: "wd__none" }, [
          rows.length
            ? "No priced calls yet: each attendee's bar appears with their first priced call."
            : "No attendees yet.",
        ]),
      );
      return;
    }
    this.#charts ??= import("../../cost-drivers/chart.ts");
    void this.#charts
      .then((charts) => {
        if (this.#chartShown !== shown) return;
        body.replaceChildren(
          charts.userChart(bars, width, { label: "wd-chart-title", text: "wd-chart-text" }),
        );
      })
      .catch((error: unknown) => {
        this.#charts = undefined;
        this.#chartShown = "";
        body.replaceChildren(
          el("p", { class: "wd__none" }, [
            `The chart could not be loaded (${messageOf(error)}); the attendees table has the same numbers.`,
          ]),
        );
      });
  }

  /** The chart is drawn narrower and scaled up with the text around it in projector mode. */
  #chartScale(): number {
    const size = parseFloat(getComputedStyle(this.#root).fontSize) || NORMAL_FONT_PX;
    return Math.min(2, Math.max(1, size / NORMAL_FONT_PX));
  }

  /** The origin attendees use: this page's, or the network address set for a loopback page. */
  #joinOrigin(): { origin: string; reachable: boolean; configured: boolean } {
    if (!isLoopbackHost(location.hostname))
      return { origin: location.origin, reachable: true, configured: false };
    let stored: string | null;
    try {
      const parsed = parseJoinOrigin(this.#storage?.getItem(JOIN_ORIGIN_KEY) ?? "");
      stored = parsed.ok ? parsed.origin : null;
    } catch {
      stored = null;
    }
    if (stored) return { origin: stored, reachable: true, configured: true };
    if (this.#announcedOrigin)
      return { origin: this.#announcedOrigin, reachable: true, configured: false };
    return { origin: location.origin, reachable: false, configured: false };
  }

  /** On localhost, the network address the room service says attendees reach it at. */
  async #askAnnouncedOrigin(): Promise<void> {
    if (!isLoopbackHost(location.hostname)) return;
    // An older or absent service names no address: the instructor types it instead.
    const health = await this.#client.health();
    for (const origin of health?.attendeeOrigins ?? []) {
      const parsed = parseJoinOrigin(origin);
      if (parsed.ok) {
        this.#announcedOrigin = parsed.origin;
        this.#drawJoin();
        return;
      }
    }
  }

  #drawJoin(editOrigin = false): void {
    const room = this.#room;
    if (!room) return;
    const { origin, reachable, configured } = this.#joinOrigin();
    const url = joinUrl(origin, this.#base, room);
    const link = this.#part<HTMLAnchorElement>("join-url");
    link.href = url;
    // Line breaks after "/" and "?" rather than mid-word, where the address must wrap.
    link.replaceChildren(
      ...url.split(/(?<=[/?&])/).flatMap((piece) => [piece, document.createElement("wbr")]),
    );
    this.#part("join-code").textContent = room;
    this.#part("copy-status").textContent = "";
    const form = this.#part<HTMLFormElement>("join-origin");
    form.hidden = reachable && !editOrigin;
    this.#part("join-host").textContent = location.host;
    this.#part("join-origin-error").hidden = true;
    this.#part("join-origin-note").hidden = !configured || !form.hidden;
    this.#drawJoinSize();
    const figure = this.#part("qr-figure");
    // A QR code of an address phones cannot reach would only send the room to an error page.
    figure.hidden = !reachable;
    const qr = this.#part("qr");
    qr.replaceChildren();
    if (!reachable) return;
    qrCode(url)
      .then((svg) => {
        if (this.#part<HTMLAnchorElement>("join-url").href === url) qr.replaceChildren(svg);
      })
      .catch(() => {
        figure.hidden = true;
      });
  }

  #submitJoinOrigin(form: HTMLFormElement): void {
    const input = form.querySelector("input")!;
    const parsed = parseJoinOrigin(input.value);
    const box = this.#part("join-origin-error");
    if (!parsed.ok) {
      box.textContent =
        parsed.problem === "loopback"
          ? "That address is this computer's own again; attendees need the network one, like http://192.168.1.20:4400."
          : "That is not an address. Copy the “On the network” line that `npm run workshop` printed, like http://192.168.1.20:4400.";
      box.hidden = false;
      input.focus();
      return;
    }
    try {
      this.#storage?.setItem(JOIN_ORIGIN_KEY, parsed.origin);
    } catch {
      // Not remembered: asked again next time.
    }
    input.value = "";
    this.#drawJoin();
  }

  #drawJoinSize(): void {
    let small: boolean;
    try {
      small = this.#storage?.getItem(JOIN_SIZE_KEY) === "small";
    } catch {
      small = false;
    }
    this.#part("join").dataset["size"] = small ? "small" : "large";
    const button = this.#action("join-size");
    button.setAttribute("aria-pressed", String(small));
  }

  #drawProjector(): void {
    const on = projectorOn();
    this.#action("projector").setAttribute("aria-pressed", String(on));
    const fullscreen = this.#action("fullscreen");
    fullscreen.hidden = !on || !fullscreenAvailable();
    fullscreen.setAttribute("aria-pressed", String(isFullscreen()));
  }

  // Columns.

  #attendeeColumns(): Column<AttendeeRow>[] {
    return [
      { label: "Attendee", cell: (row) => row.displayName },
      { label: "Room user id", cell: (row) => row.userId },
      ...totalsColumns<AttendeeRow>(),
      {
        label: "Last call",
        cell: (row) =>
          row.lastCallAt === null
            ? { text: "no calls yet", tone: "muted" }
            : { text: relativeTime(row.lastCallAt, this.#now), sub: row.lastResource ?? undefined },
      },
    ];
  }

  #useCaseColumns(): Column<UseCaseRow>[] {
    return [
      {
        label: "Use case",
        cell: (row) =>
          row.name === null ? { text: "(no use case)", tone: "muted" } : { text: row.name },
      },
      ...totalsColumns<UseCaseRow>(),
    ];
  }

  #feedColumns(): Column<RoomCall>[] {
    return [
      { label: "Time", cell: (call) => clockTime(call.time) },
      {
        label: "Attendee",
        wrap: "short",
        cell: (call) => {
          const name = this.#state.attendees.get(call.attendee)?.displayName ?? call.attendee;
          return name === call.attendee ? name : { text: name, sub: call.attendee };
        },
      },
      { label: "Model", wrap: "short", cell: (call) => call.resource },
      {
        label: "User id (from code)",
        wrap: "long",
        cell: (call) =>
          call.taggedUserId === null || call.taggedUserId === ""
            ? { text: "none: unattributed", sub: call.why, tone: "flag" }
            : { text: call.taggedUserId, sub: call.why },
      },
      {
        label: "Use case",
        wrap: "short",
        cell: (call) =>
          call.useCase === null ? { text: "none", tone: "muted" } : { text: call.useCase },
      },
      {
        label: "Cost",
        numeric: true,
        cell: (call) => {
          const failure = isFailedCall(call)
            ? call.status === null || call.status === 0
              ? "no response"
              : `HTTP ${call.status}`
            : undefined;
          if (call.costStatus === "priced" && call.costUsd !== null)
            return { text: formatUsd(call.costUsd), sub: failure };
          if (call.costStatus === "unpriced")
            return { text: "unpriced", sub: "cost unknown", tone: "flag" };
          return failure
            ? { text: "failed", sub: failure, tone: "bad" }
            : { text: "not charged", tone: "muted" };
        },
      },
      {
        label: "Tokens in / out",
        numeric: true,
        cell: (call) => ({
          text: `${formatTokens(call.inputTokens)} / ${formatTokens(call.outputTokens)}`,
          sub: call.cachedInputTokens
            ? `${formatTokens(call.cachedInputTokens)} cached`
            : undefined,
        }),
      },
    ];
  }

  // Controls.

  #wire(): void {
    this.#root.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLElement>("[data-action]");
      if (!button || button.dataset["busy"] !== undefined) return;
      const action = button.dataset["action"];
      if (action === "projector") this.#toggleProjector();
      else if (action === "fullscreen") void this.#fullscreen();
      else if (action === "freeze") void this.#busy(button, () => this.#freeze());
      else if (action === "export") void this.#busy(button, () => this.#exportCsv());
      else if (action === "reset") this.#openReset();
      else if (action === "delete") this.#openDelete();
      else if (action === "copy-join") void this.#copyJoin(button);
      else if (action === "join-size") this.#toggleJoinSize();
      else if (action === "create-room") void this.#busy(button, () => this.#createRoom(button));
      else if (action === "retry") this.#retry();
      else if (action === "change-origin") {
        this.#drawJoin(true);
        this.#part("join-origin").querySelector("input")?.focus();
      }
    });
    this.#part<HTMLFormElement>("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submitKey(event.currentTarget as HTMLFormElement);
    });
    this.#part<HTMLFormElement>("join-origin").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submitJoinOrigin(event.currentTarget as HTMLFormElement);
    });
    this.#wireDialog("reset-dialog", (button) => this.#reset(button));
    this.#wireDialog("delete-dialog", (button) => this.#delete(button));
    const confirm = this.#part("delete-dialog").querySelector<HTMLInputElement>("input")!;
    confirm.addEventListener("input", () => this.#checkDeleteCode());
    document.addEventListener("fullscreenchange", () => this.#drawProjector());
    let resizeFrame = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(resizeFrame);
      resizeFrame = requestAnimationFrame(() => this.#drawChart());
    }).observe(this.#part("chart"));
  }

  #wireDialog(role: string, confirm: (button: HTMLButtonElement) => Promise<void>): void {
    const dialog = this.#part<HTMLDialogElement>(role);
    dialog.querySelector("form")!.addEventListener("submit", (event) => {
      const button = event.submitter as HTMLButtonElement | null;
      // Cancel closes the dialog (method="dialog"); confirm stays open until the service answers.
      if (button?.value !== "confirm") return;
      event.preventDefault();
      if (button.dataset["busy"] !== undefined) return;
      void this.#busy(button, () => confirm(button));
    });
  }

  async #busy(button: HTMLElement, work: () => Promise<void>): Promise<void> {
    button.dataset["busy"] = "";
    button.setAttribute("aria-busy", "true");
    try {
      await work();
    } finally {
      delete button.dataset["busy"];
      button.removeAttribute("aria-busy");
    }
  }

  /** Shows an API failure; a rejected key sends the page back to the key form. */
  #failed(what: string, error: unknown): void {
    if (error instanceof RoomApiError && error.keyRejected && this.#room) {
      forgetKey(this.#storage, this.#room);
      this.#showSignin(
        this.#room,
        `${what}: the room service rejected the admin key for room ${this.#room}. ${error.message} ` +
          "Paste the admin link again.",
      );
      return;
    }
    if (error instanceof RoomApiError && error.code === "room_not_found" && this.#room) {
      this.#showGone(this.#room, error.message);
      return;
    }
    this.#errors = [{ kind: "error" as const, text: `${what}: ${messageOf(error)}` }];
    this.#invalidate("notices");
  }

  #say(text: string): void {
    clearTimeout(this.#infoTimer);
    this.#info = { kind: "info", text };
    this.#errors = [];
    this.#invalidate("notices");
    this.#infoTimer = setTimeout(() => {
      this.#info = null;
      this.#invalidate("notices");
    }, 8_000);
  }

  #toggleProjector(): void {
    const on = !projectorOn();
    setProjector(on);
    if (!on && isFullscreen()) void toggleFullscreen();
    this.#drawProjector();
  }

  async #fullscreen(): Promise<void> {
    if (!(await toggleFullscreen()))
      this.#failed("Fullscreen", new Error("the browser did not allow it"));
    this.#drawProjector();
  }

  async #freeze(): Promise<void> {
    if (!this.#api) return;
    const frozen = !(this.#state.room?.frozen ?? false);
    try {
      const room = await this.#api.freeze(frozen);
      this.#apply({ type: "room", room });
      this.#say(
        frozen
          ? "Room frozen: attendees' new calls are refused until you unfreeze it."
          : "Room unfrozen: attendees' calls are accepted again.",
      );
    } catch (error) {
      this.#failed(frozen ? "Freezing the room failed" : "Unfreezing the room failed", error);
    }
  }

  async #exportCsv(): Promise<void> {
    if (!this.#api || !this.#room) return;
    try {
      const blob = await this.#api.callsCsv();
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: csvFileName(this.#room, new Date()) });
      link.hidden = true;
      this.#root.append(link);
      link.click();
      link.remove();
      // Revoked later: some browsers read the URL after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.#failed("The CSV export failed", error);
    }
  }

  #openReset(): void {
    const dialog = this.#part<HTMLDialogElement>("reset-dialog");
    const calls = this.#state.totals.requests;
    const people = this.#state.attendees.size;
    this.#part("reset-text").textContent =
      `This deletes ${calls === 0 ? "every call" : `all ${plural(calls, "call")}`} in room ` +
      `${this.#room ?? ""}, for everyone. The ${plural(people, "attendee")} stay joined, and ` +
      "their next runs appear as new calls. Export a CSV first to keep them. This cannot be undone.";
    this.#part("reset-error").hidden = true;
    dialog.showModal();
  }

  async #reset(button: HTMLButtonElement): Promise<void> {
    if (!this.#api) return;
    const dialog = button.closest("dialog")!;
    try {
      const deleted = await this.#api.reset();
      dialog.close();
      this.#say(`Room reset: ${plural(deleted, "call")} deleted; attendees stay joined.`);
    } catch (error) {
      if (error instanceof RoomApiError && (error.keyRejected || error.code === "room_not_found")) {
        dialog.close();
        this.#failed("Resetting the room failed", error);
        return;
      }
      const box = this.#part("reset-error");
      box.textContent = `Resetting the room failed: ${messageOf(error)}`;
      box.hidden = false;
    }
  }

  #openDelete(): void {
    const dialog = this.#part<HTMLDialogElement>("delete-dialog");
    const calls = this.#state.totals.requests;
    const people = this.#state.attendees.size;
    this.#part("delete-text").textContent =
      `This deletes room ${this.#room ?? ""}, its ${plural(people, "attendee")} and ` +
      `${plural(calls, "call")}, and its admin key. Attendees can no longer send calls to it. ` +
      "This cannot be undone.";
    dialog.querySelector("input")!.value = "";
    this.#part("delete-error").hidden = true;
    this.#checkDeleteCode();
    dialog.showModal();
  }

  #checkDeleteCode(): void {
    const dialog = this.#part<HTMLDialogElement>("delete-dialog");
    const typed = normalizeRoomCode(dialog.querySelector("input")!.value);
    dialog.querySelector<HTMLButtonElement>("button[value=confirm]")!.disabled =
      typed === null || typed !== this.#room;
  }

  async #delete(button: HTMLButtonElement): Promise<void> {
    const room = this.#room;
    if (!this.#api || !room) return;
    this.#checkDeleteCode();
    if (button.disabled) return;
    try {
      await this.#api.remove();
      this.#showGone(room, `Room ${room} was deleted, with its attendees and calls.`);
    } catch (error) {
      if (error instanceof RoomApiError && error.code === "room_not_found") {
        this.#showGone(room, `Room ${room} was already deleted.`);
        return;
      }
      if (error instanceof RoomApiError && error.keyRejected) {
        button.closest("dialog")!.close();
        this.#failed("Deleting the room failed", error);
        return;
      }
      const box = this.#part("delete-error");
      box.textContent = `Deleting the room failed: ${messageOf(error)}`;
      box.hidden = false;
    }
  }

  async #copyJoin(button: HTMLElement): Promise<void> {
    const url = this.#part<HTMLAnchorElement>("join-url").href;
    const copied = await copyText(url);
    button.focus();
    this.#part("copy-status").textContent = copied
      ? "Copied."
      : "This browser did not allow copying: select the address and copy it.";
  }

  #toggleJoinSize(): void {
    const small = this.#part("join").dataset["size"] !== "small";
    try {
      if (small) this.#storage?.setItem(JOIN_SIZE_KEY, "small");
      else this.#storage?.removeItem(JOIN_SIZE_KEY);
    } catch {
      // Not remembered: the panel still changes now.
    }
    this.#part("join").dataset["size"] = small ? "small" : "large";
    this.#action("join-size").setAttribute("aria-pressed", String(small));
    this.#scheduleChart();
  }

  async #createRoom(button: HTMLElement): Promise<void> {
    const box = button.closest("[data-role=gone]")
      ? this.#part("gone-error")
      : this.#part("signin-error");
    try {
      const created = await this.#client.createRoom();
      const link = { room: created.room.code, key: created.adminKey };
      const stored = storeKey(this.#storage, link);
      history.replaceState(history.state, "", dashboardPath(this.#base, link.room));
      this.#open(link, !stored);
      this.#say(`Room ${link.room} is open. Share its join link or QR code with the room.`);
    } catch (error) {
      box.textContent =
        error instanceof RoomApiError && error.status === 403
          ? error.message
          : `The room could not be opened: ${messageOf(error)}`;
      box.hidden = false;
    }
  }

  #submitKey(form: HTMLFormElement): void {
    const input = form.querySelector("input")!;
    const pasted = parsePastedAdmin(input.value, this.#room);
    const box = this.#part("signin-error");
    if (!pasted.ok) {
      box.textContent = pasted.error;
      box.hidden = false;
      input.focus();
      return;
    }
    input.value = "";
    box.hidden = true;
    const stored = storeKey(this.#storage, pasted.link);
    history.replaceState(history.state, "", dashboardPath(this.#base, pasted.link.room));
    this.#open(pasted.link, !stored);
  }

  #retry(): void {
    if (this.#room && this.#key)
      this.#open({ room: this.#room, key: this.#key }, this.#keyUnstored);
  }

  #action(name: string): HTMLElement {
    const element = this.#root.querySelector<HTMLElement>(`[data-action="${name}"]`);
    if (!element) throw new Error(`Room dashboard markup has no [data-action="${name}"]`);
    return element;
  }

  #part<T extends HTMLElement = HTMLElement>(role: string): T {
    const element = this.#root.querySelector<T>(`[data-role="${role}"]`);
    if (!element) throw new Error(`Room dashboard markup has no [data-role="${role}"]`);
    return element;
  }
}
