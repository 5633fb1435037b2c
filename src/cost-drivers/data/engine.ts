/**
 * The Cost Drivers data engine: keeps the facts of every stored call (fact-cache.ts) and computes
 * what the page shows (view.ts), in a worker (worker.ts) so that 50,000 calls never hold up the
 * page.
 *
 * Live: recorders in other tabs announce each stored batch on the `payi-cost-drivers` channel, and
 * the fact cache reads only the new calls (and drops those pruned). Views are recomputed at most
 * every `REDRAW_MS` while calls stream in, and at once when the learner changes a choice.
 *
 * The Calls tab may list all 50,000 calls: the engine keeps their order (facts only) and reads in
 * full only the rows of the page's window, the ones scrolled into view.
 */
import { isCostDriversMessage, openChannel } from "../broadcast.ts";
import {
  clearStore,
  dismissNotices,
  keyRange,
  readCallSlice,
  readCallsByKey,
  readFactChunks,
  readMeta,
  writeFactChunks,
  type StoreMeta,
} from "../db.ts";
import { exportText } from "../export.ts";
import type { CallFacts } from "../record.ts";
import { sortTable, TABLES, type TableSpec } from "../tables.ts";
import { FIRST_WINDOW, type EngineMessage, type PageMessage, type Snapshot } from "./protocol.ts";
import { addDetail, computeView, summaryView, type ViewChoices } from "./view.ts";
import { Aggregator, type Aggregate } from "../aggregate.ts";
import { filterCalls, NO_FILTERS } from "../filters.ts";
import { FactCache, SLICE } from "./fact-cache.ts";

const REDRAW_MS = 200;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DataEngine {
  readonly #post: (message: EngineMessage) => void;
  readonly #cache = new FactCache({ readFactChunks, writeFactChunks, readCallSlice });
  #meta: StoreMeta = { pruned: null, notices: [] };
  #errors: string[] = [];
  #loaded = false;
  #progress: Snapshot["progress"] = null;
  #choices: ViewChoices = { filters: NO_FILTERS, callFilters: {}, sorts: {} };
  /** Store work, one job at a time, in order. */
  #work: Promise<void> = Promise.resolve();
  #viewTimer: ReturnType<typeof setTimeout> | undefined;
  #lastView = 0;
  #computing: Promise<void> | undefined;
  #again = false;
  #views = 0;
  /** The Calls tab's order in the latest view, and the rows the page has in view. */
  #listed: { view: number; calls: CallFacts[] } | undefined;
  #window = { from: 0, to: FIRST_WINDOW };
  /** Running totals of the calls in view: a live update folds in only the new calls. */
  #running:
    | { filters: string; from: number; generation: number; upTo: number; totals: Aggregator }
    | undefined;

  constructor(post: (message: EngineMessage) => void) {
    this.#post = post;
  }

  start(choices: ViewChoices): void {
    this.#choices = choices;
    openChannel()?.addEventListener("message", (event: MessageEvent) => {
      const message: unknown = event.data;
      if (!isCostDriversMessage(message)) return;
      if (message.type === "recorded") this.#sync(message.pruned > 0 ? "pruned" : "new");
      else if (message.type === "reset") this.#sync("all");
      else {
        this.#errors = [...this.#errors, message.message].slice(-3);
        this.#snapshotSoon();
      }
    });
    this.#sync("all");
  }

  receive(message: PageMessage): void {
    if (message.type === "choices") {
      this.#choices = message.choices;
      this.#snapshotNow();
    } else if (message.type === "clear") this.#queue(() => this.#clear());
    else if (message.type === "dismiss") void this.#dismiss();
    else if (message.type === "window") void this.#sendWindow(message);
    else void this.#export(message);
  }

  #queue(job: () => Promise<void>): void {
    this.#work = this.#work.then(job).catch((error: unknown) => {
      this.#errors = [
        `The recorded calls could not be read: ${messageOf(error)}. ` +
          "This browser may block storage for this site (private browsing, or storage disabled).",
      ];
      this.#loaded = true;
      this.#progress = null;
      this.#snapshotNow();
    });
  }

  /** Brings the facts up to date with the store: `all` from saved facts, else what changed. */
  #sync(what: "all" | "new" | "pruned"): void {
    this.#queue(async () => {
      const [meta, range] = await Promise.all([readMeta(), keyRange()]);
      this.#meta = meta;
      // A first read of many calls (an upgrade, or calls written by another version): say so.
      const onProgress = this.#loaded
        ? undefined
        : (read: number, total: number) => {
            this.#progress = { read, total };
            this.#snapshotNow();
          };
      await this.#cache.sync(what, range, onProgress);
      this.#loaded = true;
      this.#progress = null;
      if (what === "all") this.#snapshotNow();
      else this.#snapshotSoon();
    });
  }

  async #clear(): Promise<void> {
    try {
      await clearStore();
      this.#errors = [];
      const channel = openChannel();
      channel?.postMessage({ type: "reset" });
      channel?.close();
    } catch (error) {
      this.#errors = [`The data could not be cleared: ${messageOf(error)}.`];
    }
    this.#sync("all");
  }

  async #dismiss(): Promise<void> {
    try {
      await dismissNotices();
    } catch {
      // Nothing to do: the notice comes back on the next visit.
    }
    this.#meta = { ...this.#meta, notices: [] };
    this.#snapshotNow();
  }

  #snapshotSoon(): void {
    if (this.#viewTimer !== undefined) return;
    const wait = Math.max(0, this.#lastView + REDRAW_MS - performance.now());
    this.#viewTimer = setTimeout(() => {
      this.#viewTimer = undefined;
      this.#snapshotNow();
    }, wait);
  }

  /** Computes and posts a snapshot; one at a time, the latest choices and calls winning. */
  #snapshotNow(): void {
    if (this.#computing) {
      this.#again = true;
      return;
    }
    this.#lastView = performance.now();
    this.#computing = this.#snapshot()
      .catch((error: unknown) => {
        this.#errors = [`The dashboard could not be computed: ${messageOf(error)}.`];
      })
      .finally(() => {
        this.#computing = undefined;
        if (this.#again) {
          this.#again = false;
          this.#snapshotNow();
        }
      });
  }

  async #snapshot(): Promise<void> {
    const base = {
      loaded: this.#loaded,
      progress: this.#progress,
      recorded: this.#cache.facts.length,
      skipped: this.#cache.skippedCount,
      meta: this.#meta,
      errors: this.#errors,
    };
    const { facts } = this.#cache;
    if (!this.#loaded || (facts.length === 0 && this.#choices.filters.run === null)) {
      this.#post({ type: "snapshot", snapshot: { ...base, view: null } });
      return;
    }
    const choices = this.#choices;
    const now = Date.now();
    const { view, visible } = summaryView(facts, choices, now, this.#runningTotals(now));
    view.id = ++this.#views;
    // The figures and small tables first; the Calls tab and the charts follow, then the Calls
    // tab's rows (read in full).
    this.#post({ type: "snapshot", snapshot: { ...base, view } });
    const listed = addDetail(view, visible, choices);
    this.#listed = { view: view.id, calls: listed };
    this.#post({ type: "snapshot", snapshot: { ...base, view } });
    const from = Math.min(this.#window.from, Math.max(0, listed.length - FIRST_WINDOW));
    const rows = await this.#readListed(listed, from, this.#window.to);
    if (view.calls) view.calls = { ...view.calls, window: { from, rows } };
    this.#post({ type: "snapshot", snapshot: { ...base, view } });
  }

  /**
   * The calls `from`..`to` of a Calls tab order, read in full. Only as far as they follow the
   * order: a call pruned since the order was made ends them (its place would shift the rest),
   * and the view that the prune brings has the rows again.
   */
  async #readListed(listed: readonly CallFacts[], from: number, to: number) {
    const wanted = listed.slice(from, to);
    const rows = await readCallsByKey(wanted.map((call) => call.key));
    const follows = rows.findIndex((row, i) => row.key !== wanted[i]?.key);
    return follows < 0 ? rows : rows.slice(0, follows);
  }

  /** The page scrolled its Calls tab: the rows now in view, if the view is still the latest. */
  async #sendWindow(message: Extract<PageMessage, { type: "window" }>): Promise<void> {
    const from = Math.max(0, Math.floor(message.from));
    const to = Math.max(from, Math.floor(message.to));
    this.#window = { from, to };
    const listed = this.#listed;
    // A newer view is on its way, and it brings this window with it.
    if (!listed || listed.view !== message.view) return;
    try {
      const rows = await this.#readListed(listed.calls, from, to);
      this.#post({ type: "rows", view: message.view, from, rows });
    } catch (error) {
      this.#errors = [`The calls could not be read: ${messageOf(error)}.`];
      this.#snapshotNow();
    }
  }

  /**
   * The totals for the current filters, folding in only calls added since the last time. Not
   * for a time range (its window moves with the clock), nor after a prune (calls left the view).
   */
  #runningTotals(now: number): Aggregate | undefined {
    const { filters } = this.#choices;
    if (filters.range !== "all") {
      this.#running = undefined;
      return undefined;
    }
    const key = JSON.stringify([filters.lesson, filters.run]);
    let running = this.#running;
    // Facts read anew, or calls pruned: the totals start over.
    const { coverFrom: from, generation } = this.#cache;
    if (
      !running ||
      running.filters !== key ||
      running.from !== from ||
      running.generation !== generation
    ) {
      running = { filters: key, from, generation, upTo: 0, totals: new Aggregator() };
      this.#running = running;
    }
    const added = this.#cache.factsFrom(running.upTo + 1);
    for (const call of filterCalls(added, filters, now)) running.totals.add(call);
    running.upTo = this.#cache.facts.at(-1)?.key ?? running.upTo;
    return running.totals.result();
  }

  async #export(request: Extract<PageMessage, { type: "export" }>): Promise<void> {
    try {
      const { view, listed } = computeView(this.#cache.facts, request.choices, Date.now());
      const { tab, choices } = request;
      let rows: unknown[];
      let unpricedCalls = view.totals.unpricedCalls;
      if (tab === "calls") {
        rows = [];
        for (let at = 0; at < listed.length; at += SLICE)
          rows.push(
            ...(await readCallsByKey(listed.slice(at, at + SLICE).map((call) => call.key))),
          );
        unpricedCalls = view.calls?.unpriced ?? 0;
      } else {
        const made: readonly unknown[] =
          tab === "users" ? view.users : tab === "use-cases" ? view.useCases : view.limits;
        rows = sortTable(TABLES[tab] as TableSpec<unknown>, made, choices.sorts[tab]).rows;
      }
      const spec = TABLES[tab] as TableSpec<unknown>;
      const text = exportText<unknown>({
        format: request.format,
        view: spec.id,
        columns: spec.columns,
        rows,
        filters: choices.filters,
        callFilters: tab === "calls" ? choices.callFilters : null,
        unpricedCalls,
        exportedAt: request.exportedAt,
      });
      this.#post({ type: "exported", id: request.id, text });
    } catch (error) {
      this.#post({ type: "exported", id: request.id, error: messageOf(error) });
    }
  }
}
