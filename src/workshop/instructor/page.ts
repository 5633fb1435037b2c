/**
 * The room dashboard page: takes the admin key from the link (or asks for it), follows the room's
 * live stream, and wires the views together. Data goes one way: stream events update the room's
 * state (room-model.ts over room-state.ts), and the views draw that state at most once per
 * animation frame, only the parts that changed, so a room of 200 attendees posting every two
 * seconds costs a few cell writes per frame. The chart is redrawn at most once a second.
 */
import { safeLocalStorage } from "../../local-storage.ts";
import { createDashboardClient, RoomApiError } from "../room-api.ts";
import {
  dashboardPath,
  forgetKey,
  storeKey,
  takeAdminLink,
  type AdminLink,
  type KeyStorage,
} from "./admin-key.ts";
import { ChartView } from "./chart-view.ts";
import { FrameBatch } from "./frame-batch.ts";
import { JoinView } from "./join-view.ts";
import { dashboardMarkup, isBusy, messageOf, whileBusy, type Markup } from "./markup.ts";
import { ProjectorControls } from "./projector.ts";
import { RoomActions } from "./room-actions.ts";
import { createRoomFrom } from "./room-creation.ts";
import { RoomModel, type RoomPart } from "./room-model.ts";
import { RoomSession } from "./room-session.ts";
import { RoomView } from "./room-view.ts";
import { drawGone, SigninView } from "./signin-view.ts";
import {
  connectionNotices,
  drawConnection,
  drawNotices,
  KEY_UNSTORED,
  Messages,
} from "./status-view.ts";
import type { ConnectionState } from "./stream.ts";

type Part = RoomPart | "connection" | "notices";
type View = "signin" | "dashboard" | "gone";

/** "12 s ago" is rewritten this often. */
const TIME_TICK_MS = 5_000;

export function startDashboard(root: HTMLElement): void {
  new DashboardPage(root).start();
}

class DashboardPage {
  readonly #markup: Markup;
  readonly #base: string;
  readonly #storage: KeyStorage | undefined = safeLocalStorage();
  readonly #client = createDashboardClient();
  readonly #model = new RoomModel();
  readonly #messages = new Messages(() => this.#invalidate("notices"));
  readonly #signin: SigninView;
  readonly #room: RoomView;
  readonly #chart: ChartView;
  readonly #join: JoinView;
  readonly #projector: ProjectorControls;
  readonly #actions: RoomActions;
  readonly #session = new RoomSession(this.#client, {
    onEvent: (event) => this.#invalidate(...this.#model.receive(event)),
    onState: (state) => this.#onConnection(state),
  });
  readonly #frames = new FrameBatch<Part>((dirty) => this.#draw(dirty));

  constructor(root: HTMLElement) {
    const markup = dashboardMarkup(root);
    this.#markup = markup;
    this.#base = root.dataset["base"] ?? "/";
    this.#signin = new SigninView(markup, (link) => this.#adopt(link));
    this.#room = new RoomView(markup);
    this.#chart = new ChartView(markup, () => {
      const { state } = this.#model;
      return state.room === null ? null : [...state.attendees.values()];
    });
    this.#join = new JoinView(markup, {
      storage: this.#storage,
      base: this.#base,
      onResize: () => this.#chart.schedule(),
    });
    this.#projector = new ProjectorControls(
      markup.action("projector"),
      markup.action("fullscreen"),
      () => this.#failed("Fullscreen", new Error("the browser did not allow it")),
    );
    this.#actions = new RoomActions(markup, {
      current: () => {
        const { admin, room } = this.#session;
        return admin && room ? { room, admin, state: this.#model.state } : null;
      },
      applyRoom: (room) => this.#invalidate(...this.#model.apply({ type: "room", room })),
      say: (text) => this.#messages.say(text),
      failed: (what, error) => this.#failed(what, error),
      gone: (room, text) => this.#showGone(room, text),
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
    this.#markup.root.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLElement>("[data-action]");
      if (button && !isBusy(button)) this.#act(button.dataset["action"], button);
    });
    this.#projector.draw();
    setInterval(() => this.#invalidate("attendees"), TIME_TICK_MS);
    if (start.room && start.key) this.#open({ room: start.room, key: start.key }, start.unstored);
    else this.#showSignin(start.room, null);
  }

  #act(action: string | undefined, button: HTMLElement): void {
    if (action === "projector") this.#projector.toggleProjector();
    else if (action === "fullscreen") void this.#projector.toggleFullscreen();
    else if (action === "freeze") void whileBusy(button, () => this.#actions.freeze());
    else if (action === "export") void whileBusy(button, () => this.#actions.exportCsv());
    else if (action === "reset") this.#actions.openReset();
    else if (action === "delete") this.#actions.openDelete();
    else if (action === "copy-join") void this.#join.copy(button);
    else if (action === "join-size") this.#join.toggleSize();
    else if (action === "change-origin") this.#join.editOrigin();
    else if (action === "retry") this.#retry();
    else if (action === "create-room")
      void whileBusy(button, () =>
        createRoomFrom(button, this.#markup, this.#client, (link) => {
          this.#adopt(link);
          this.#messages.say(
            `Room ${link.room} is open. Share its join link or QR code with the room.`,
          );
        }),
      );
  }

  // Views.

  #setView(view: View): void {
    const { root, part } = this.#markup;
    root.dataset["view"] = view;
    part("loading").hidden = true;
    part("signin").hidden = view !== "signin";
    part("dashboard").hidden = view !== "dashboard";
    part("gone").hidden = view !== "gone";
  }

  #retitle(first: string): void {
    document.title = `${first} · ${document.title.replace(/^.*? · /, "")}`;
  }

  #showSignin(room: string | null, error: string | null): void {
    this.#close(room);
    this.#setView("signin");
    this.#signin.show(room, error);
  }

  /** The key is no good for `room`: forgotten, and another asked for. */
  #keyRejected(room: string, error: string): void {
    forgetKey(this.#storage, room);
    this.#showSignin(room, error);
  }

  #showGone(room: string, text: string): void {
    this.#close(room);
    forgetKey(this.#storage, room);
    this.#actions.closeDialogs();
    drawGone(this.#markup, room, text);
    this.#setView("gone");
    this.#retitle("Room gone");
  }

  // The room's session.

  /** A link the instructor gave (pasted, or a room just opened): kept, and the room opened. */
  #adopt(link: AdminLink): void {
    const stored = storeKey(this.#storage, link);
    history.replaceState(history.state, "", dashboardPath(this.#base, link.room));
    this.#open(link, !stored);
  }

  /** Opens the dashboard of `link.room` and follows its stream. */
  #open(link: AdminLink, unstored = false): void {
    this.#chart.cancel();
    this.#session.open(link, unstored);
    this.#model.clear();
    this.#messages.clearErrors();
    this.#room.clear();
    this.#chart.clear();
    this.#setView("dashboard");
    this.#retitle(link.room);
    this.#join.show(link.room, () => this.#client.health());
    this.#invalidate("room", "connection", "notices", "totals", "attendees", "useCases", "feed");
  }

  /** Stops following the room; the page is about `room` still (the sign-in form, "gone"). */
  #close(room: string | null): void {
    this.#session.signOut(room);
    this.#chart.cancel();
  }

  #retry(): void {
    const { link, keyUnstored } = this.#session;
    if (link) this.#open(link, keyUnstored);
  }

  #onConnection(state: ConnectionState): void {
    if (state.kind === "stopped") {
      const room = this.#session.room ?? "";
      if (state.reason === "key-rejected") {
        this.#keyRejected(
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

  /** Shows an API failure; a rejected key sends the page back to the key form. */
  #failed(what: string, error: unknown): void {
    const { room } = this.#session;
    if (error instanceof RoomApiError && error.keyRejected && room) {
      this.#keyRejected(
        room,
        `${what}: the room service rejected the admin key for room ${room}. ${error.message} ` +
          "Paste the admin link again.",
      );
      return;
    }
    if (error instanceof RoomApiError && error.code === "room_not_found" && room) {
      this.#showGone(room, error.message);
      return;
    }
    this.#messages.fail(`${what}: ${messageOf(error)}`);
  }

  // Drawing.

  #invalidate(...parts: Part[]): void {
    this.#frames.invalidate(...parts);
  }

  #draw(dirty: ReadonlySet<Part>): void {
    if (this.#markup.part("dashboard").hidden) return;
    const { connection, keyUnstored, room } = this.#session;
    if (dirty.has("connection")) drawConnection(this.#markup, connection);
    if (dirty.has("notices") || dirty.has("connection"))
      drawNotices(this.#markup, [
        ...connectionNotices(connection),
        ...(keyUnstored ? [KEY_UNSTORED] : []),
        ...this.#messages.list(),
      ]);
    const { state } = this.#model;
    this.#room.draw(room ?? "", state, dirty, this.#model.now());
    if (state.room !== null && dirty.has("attendees")) this.#chart.schedule();
  }
}
