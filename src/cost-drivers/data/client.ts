/**
 * The page's side of the data engine: starts it in a worker (or, where a worker cannot start, in
 * the page itself, loaded on demand), sends it the learner's choices and hands its snapshots to
 * the page. Exports are requests that resolve with the file's text.
 */
import type { EngineMessage, ExportFormat, PageMessage, Snapshot } from "./protocol.ts";
import type { ViewChoices } from "./view.ts";
import type { TabId } from "../tables.ts";
import type { StoredCall } from "../record.ts";

/** Calls tab rows read for the page's window: those of view `view`, from `from` on. */
export interface CallRows {
  view: number;
  from: number;
  rows: StoredCall[];
}

export interface DataClient {
  choose(choices: ViewChoices): void;
  clear(): void;
  dismissNotices(): void;
  /** The Calls tab rows [from, to) of view `view` are in view: they come back as `onRows`. */
  showCalls(view: number, from: number, to: number): void;
  exportTable(format: ExportFormat, tab: TabId, choices: ViewChoices, at: Date): Promise<string>;
}

export function startData(
  choices: ViewChoices,
  onSnapshot: (snapshot: Snapshot) => void,
  onRows: (rows: CallRows) => void = () => undefined,
): DataClient {
  let send: (message: PageMessage) => void = () => undefined;
  const queued: PageMessage[] = [{ type: "choices", choices }];
  const exports = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 1;

  const receive = (message: EngineMessage) => {
    if (message.type === "snapshot") {
      onSnapshot(message.snapshot);
      return;
    }
    if (message.type === "rows") {
      onRows(message);
      return;
    }
    const pending = exports.get(message.id);
    exports.delete(message.id);
    if (message.error === undefined) pending?.resolve(message.text);
    else pending?.reject(new Error(message.error));
  };

  const connected = (to: (message: PageMessage) => void) => {
    send = to;
    for (const message of queued.splice(0)) send(message);
  };
  const post = (message: PageMessage) => {
    if (queued.length) queued.push(message);
    else send(message);
  };

  // In the page: slower with many calls (their reading then shares the page's thread), but the
  // same numbers.
  const inPage = async () => {
    const { DataEngine } = await import("./engine.ts");
    const engine = new DataEngine(receive);
    let started = false;
    connected((message) => {
      if (!started && message.type === "choices") {
        started = true;
        engine.start(message.choices);
      } else engine.receive(message);
    });
  };

  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./worker.ts", import.meta.url), {
      type: "module",
      name: "cost-drivers-data",
    });
  } catch {
    worker = undefined;
  }
  if (worker) {
    const running = worker;
    running.addEventListener("message", (event: MessageEvent<EngineMessage>) => {
      receive(event.data);
    });
    // A worker that fails to load reports an error before any message: run in the page instead.
    let answered = false;
    running.addEventListener("message", () => (answered = true), { once: true });
    running.addEventListener("error", (event) => {
      if (answered) return;
      event.preventDefault();
      running.terminate();
      queued.unshift({ type: "choices", choices });
      void inPage();
    });
    connected((message) => running.postMessage(message));
  } else void inPage();

  return {
    choose: (next) => {
      choices = next;
      post({ type: "choices", choices: next });
    },
    clear: () => post({ type: "clear" }),
    dismissNotices: () => post({ type: "dismiss" }),
    showCalls: (view, from, to) => post({ type: "window", view, from, to }),
    exportTable: (format, tab, current, at) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        exports.set(id, { resolve, reject });
        post({ type: "export", id, format, tab, choices: current, exportedAt: at.toISOString() });
      }),
  };
}
