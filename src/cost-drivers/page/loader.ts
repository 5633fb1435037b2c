/**
 * The page's copy of the store, kept up to date: reads every call once, then, when a recorder in
 * another tab announces a stored batch on the `payi-cost-drivers` channel, only the calls newer
 * than the last one read (from the start again after a prune or a reset). Reads run one at a
 * time, in order. Tells the page when something changed; it never draws.
 */
import { isCostDriversMessage, openChannel } from "../broadcast.ts";
import { clearStore, dismissNotices, readCalls, readMeta, type StoreMeta } from "../db.ts";
import type { StoredCall } from "../record.ts";
import { messageOf } from "./markup.ts";

export interface StoreSnapshot {
  calls: readonly StoredCall[];
  skipped: number;
  meta: StoreMeta;
  /** Problems of this page or of recorders elsewhere, newest last (a few at most). */
  errors: readonly string[];
}

export interface LoaderEvents {
  /** The calls changed (and maybe the rest): redraw everything. */
  changed(): void;
  /** Only the notices changed (errors, dismissed notices). */
  noticesChanged(): void;
}

export class StoreLoader {
  readonly #events: LoaderEvents;
  #calls: StoredCall[] = [];
  #lastKey = 0;
  #skipped = 0;
  #meta: StoreMeta = { pruned: null, notices: [] };
  #errors: string[] = [];
  #reading: Promise<void> = Promise.resolve();

  constructor(events: LoaderEvents) {
    this.#events = events;
  }

  get snapshot(): StoreSnapshot {
    return { calls: this.#calls, skipped: this.#skipped, meta: this.#meta, errors: this.#errors };
  }

  start(): void {
    openChannel()?.addEventListener("message", (event: MessageEvent) => {
      const message: unknown = event.data;
      if (!isCostDriversMessage(message)) return;
      if (message.type === "recorded") {
        // Pruned calls are gone from the store: start again rather than keep stale ones.
        void this.read(message.pruned > 0);
      } else if (message.type === "reset") void this.read(true);
      else {
        this.#errors = [...this.#errors, message.message].slice(-3);
        this.#events.noticesChanged();
      }
    });
    void this.read(true);
  }

  /** Reads the store (everything, or only calls newer than the last read), then says so. */
  read(fromStart: boolean): Promise<void> {
    this.#reading = this.#reading.then(async () => {
      try {
        const [result, meta] = await Promise.all([
          readCalls(fromStart ? 0 : this.#lastKey),
          readMeta(),
        ]);
        if (fromStart) {
          this.#calls = result.calls;
          this.#skipped = result.skipped;
        } else {
          this.#calls = this.#calls.concat(result.calls);
          this.#skipped += result.skipped;
        }
        this.#lastKey = this.#calls.at(-1)?.key ?? (fromStart ? 0 : this.#lastKey);
        this.#meta = meta;
      } catch (error) {
        this.#errors = [
          `The recorded calls could not be read: ${messageOf(error)}. ` +
            "This browser may block storage for this site (private browsing, or storage disabled).",
        ];
      }
      this.#events.changed();
    });
    return this.#reading;
  }

  /** Empties the store and tells other tabs; then reads it again. */
  async clear(): Promise<void> {
    try {
      await clearStore();
      this.#errors = [];
      const channel = openChannel();
      channel?.postMessage({ type: "reset" });
      channel?.close();
    } catch (error) {
      this.#errors = [`The data could not be cleared: ${messageOf(error)}.`];
    }
    await this.read(true);
  }

  async dismissNotices(): Promise<void> {
    try {
      await dismissNotices();
    } catch {
      // Nothing to do: the notice comes back on the next visit.
    }
    this.#meta = { ...this.#meta, notices: [] };
    this.#events.noticesChanged();
  }
}
