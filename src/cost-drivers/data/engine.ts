/**
 * The Cost Drivers data engine: keeps the facts of every stored call (facts.ts) and computes what
 * the page shows (view.ts), in a worker (worker.ts) so that 50,000 calls never hold up the page.
 *
 * Reading: the facts saved by an earlier visit are read in one go (a few MB of columns); only the
 * calls they do not cover yet (recorded since, or never read) are read in full, a slice at a
 * time, checked against the call schema once, and their facts saved for the next visit. Live:
 * recorders in other tabs announce each stored batch on the `payi-cost-drivers` channel, and only
 * the new calls are read; facts of pruned calls are dropped. Views are recomputed at most every
 * `REDRAW_MS` while calls stream in, and at once when the learner changes a choice.
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
import {
  CHUNK_SIZE,
  chunkOf,
  decodeChunk,
  encodeChunk,
  factsOf,
  type FactsChunk,
} from "../facts.ts";
import type { CallFacts } from "../record.ts";
import { sortTable, TABLES, type TableSpec } from "../tables.ts";
import { FIRST_WINDOW, type EngineMessage, type PageMessage, type Snapshot } from "./protocol.ts";
import { addDetail, computeView, summaryView, type ViewChoices } from "./view.ts";
import { Aggregator, type Aggregate } from "../aggregate.ts";
import { filterCalls, NO_FILTERS } from "../filters.ts";

const REDRAW_MS = 200;
/** Full records read per transaction: short enough not to hold up recorders. */
const SLICE = 500;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First index in `facts` (key order) whose key is at least `key`. */
function indexOfKey(facts: readonly CallFacts[], key: number): number {
  let low = 0;
  let high = facts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (facts[mid]!.key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class DataEngine {
  readonly #post: (message: EngineMessage) => void;
  /** Facts of every readable call, in key order. */
  #facts: CallFacts[] = [];
  /** Keys of records that are not readable calls. */
  #skipped: number[] = [];
  /** Every key up to this one has been read (facts or skipped); 0 before the first read. */
  #covered = 0;
  /** The first key covered by the facts kept (saved chunks start no lower). */
  #coverFrom = 0;
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
  #running: { filters: string; from: number; upTo: number; totals: Aggregator } | undefined;

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
      if (!range) {
        this.#facts = [];
        this.#skipped = [];
        this.#covered = 0;
        this.#running = undefined;
      } else {
        if (what === "all") await this.#readSaved(range.first);
        else if (what === "pruned" || range.first > this.#coverFrom)
          await this.#dropBelow(range.first);
        await this.#readNew(range.first, range.last);
      }
      this.#loaded = true;
      this.#progress = null;
      if (what === "all") this.#snapshotNow();
      else this.#snapshotSoon();
    });
  }

  /** Takes the saved facts that still follow on from `first` without a gap. */
  async #readSaved(first: number): Promise<void> {
    const chunks = (await readFactChunks()).sort((a, b) => a.chunk - b.chunk);
    const facts: CallFacts[] = [];
    const skipped: number[] = [];
    // Chunks of calls pruned or cleared since: deleted, or they would pile up forever.
    const gone = chunks.filter((chunk) => chunk.to < first).map((chunk) => chunk.chunk);
    if (gone.length) await writeFactChunks([], gone).catch(() => undefined);
    let next = first;
    for (const chunk of chunks) {
      if (chunk.to < next) continue;
      const decoded = chunk.from <= next ? decodeChunk(chunk) : undefined;
      // A gap, or a chunk this version cannot read: the calls from here on are read again.
      if (!decoded) break;
      for (const fact of decoded) if (fact.key >= next) facts.push(fact);
      for (const key of chunk.skipped) if (key >= next) skipped.push(key);
      next = chunk.to + 1;
    }
    this.#facts = facts;
    this.#skipped = skipped;
    this.#coverFrom = first;
    this.#covered = next - 1;
    this.#running = undefined;
  }

  /** Drops the facts of calls pruned (keys below `first`), here and in the saved chunks. */
  async #dropBelow(first: number): Promise<void> {
    const gone: number[] = [];
    for (let chunk = chunkOf(this.#coverFrom); chunk < chunkOf(first); chunk += 1) gone.push(chunk);
    if (gone.length) await writeFactChunks([], gone).catch(() => undefined);
    this.#facts = this.#facts.slice(indexOfKey(this.#facts, first));
    this.#skipped = this.#skipped.filter((key) => key >= first);
    this.#coverFrom = Math.max(this.#coverFrom, first);
    this.#covered = Math.max(this.#covered, first - 1);
  }

  /** Reads the calls after the covered keys, up to `last`, and saves their facts. */
  async #readNew(first: number, last: number): Promise<void> {
    let from = Math.max(this.#covered + 1, first);
    if (this.#facts.length === 0 && this.#skipped.length === 0) this.#coverFrom = from;
    const total = last - from + 1;
    const startedAt = from;
    while (from <= last) {
      const slice = await readCallSlice(from, last, SLICE);
      for (const call of slice.calls) this.#facts.push(factsOf(call));
      this.#skipped.push(...slice.skipped);
      this.#covered = slice.examinedTo;
      await this.#save(chunkOf(from), chunkOf(slice.examinedTo));
      from = slice.examinedTo + 1;
      if (!this.#loaded && from <= last) {
        // A first read of many calls (an upgrade, or calls written by another version): say so.
        this.#progress = { read: from - startedAt, total };
        this.#snapshotNow();
      }
    }
  }

  /** Saves the facts of chunks `low`..`high`; a failure only costs the next visit's speed. */
  async #save(low: number, high: number): Promise<void> {
    const chunks: FactsChunk[] = [];
    for (let chunk = low; chunk <= high; chunk += 1) {
      const start = chunk * CHUNK_SIZE;
      const end = start + CHUNK_SIZE - 1;
      const from = Math.max(start, this.#coverFrom);
      const to = Math.min(end, this.#covered);
      if (to < from) continue;
      const facts = this.#facts.slice(
        indexOfKey(this.#facts, from),
        indexOfKey(this.#facts, to + 1),
      );
      const skipped = this.#skipped.filter((key) => key >= from && key <= to);
      chunks.push(encodeChunk(chunk, { from, to }, facts, skipped));
    }
    try {
      await writeFactChunks(chunks);
    } catch {
      // Facts are a copy: without them the next visit reads these calls in full again.
    }
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
      recorded: this.#facts.length,
      skipped: this.#skipped.length,
      meta: this.#meta,
      errors: this.#errors,
    };
    if (!this.#loaded || (this.#facts.length === 0 && this.#choices.filters.run === null)) {
      this.#post({ type: "snapshot", snapshot: { ...base, view: null } });
      return;
    }
    const choices = this.#choices;
    const now = Date.now();
    const { view, visible } = summaryView(this.#facts, choices, now, this.#runningTotals(now));
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
    if (!running || running.filters !== key || running.from !== this.#coverFrom) {
      running = { filters: key, from: this.#coverFrom, upTo: 0, totals: new Aggregator() };
      this.#running = running;
    }
    const added = this.#facts.slice(indexOfKey(this.#facts, running.upTo + 1));
    for (const call of filterCalls(added, filters, now)) running.totals.add(call);
    running.upTo = this.#facts.at(-1)?.key ?? running.upTo;
    return running.totals.result();
  }

  async #export(request: Extract<PageMessage, { type: "export" }>): Promise<void> {
    try {
      const { view, listed } = computeView(this.#facts, request.choices, Date.now());
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
