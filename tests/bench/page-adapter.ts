/**
 * What the bench reads off a lesson page, in one place, for today's markup and for the older one
 * it is compared with (commit 60ebb00, the start of the "speed at scale" round):
 *
 *   - the calls table: today a virtualized data table (src/ui/data-table/) that draws only the
 *     rows in view and reports how many it holds in `aria-rowcount` (header row included); then
 *     `table.payi-calls`, with every call a `<tr>` in the document;
 *   - the terminal: xterm's DOM renderer in both (`.xterm-rows`, the visible lines only), today
 *     in the terminal's shadow root;
 *   - the start of an action: the time of the pointerdown that began the last click, so a real
 *     click (Playwright's mouse) is timed from the moment the learner pressed, not from when the
 *     bench got control back.
 *
 * Installed as an init script (see browser.ts), so it must be self-contained: no imports, no
 * references to anything outside the function.
 */

export type CallsMarkup = "virtual" | "plain" | "none";

export interface BenchPageAdapter {
  /** Which calls table the sandbox has ("none" before its first run). */
  markup(root: Element): CallsMarkup;
  /** The sandbox's calls table, if it has one. */
  callsTable(root: Element): HTMLTableElement | null;
  /** Calls listed in the table, drawn or not. */
  callRows(root: Element): number;
  /** `<tr>` elements of the calls table in the document now (what it costs to hold them). */
  drawnRows(root: Element): number;
  /** The body rows in the document (for "is this row new"). */
  rowElements(root: Element): Element[];
  /**
   * Scrolls the calls table to its end and resolves, with the time it took (ms), once row
   * `count` (1-based) is in the document; rejects after `timeoutMs`.
   */
  reachRow(root: Element, count: number, timeoutMs: number): Promise<number>;
  /** The terminal's visible lines, as text. */
  terminalLines(root: Element): string[];
  /** `performance.now()` time of the last pointerdown (or click without one) on the page. */
  lastPressAt: number;
}

declare global {
  interface Window {
    __benchPage?: BenchPageAdapter;
  }
}

export function installPageAdapter(): void {
  if (window.top !== window) return;
  const virtualTable = (root: Element) =>
    root.querySelector<HTMLTableElement>("[data-role=panel] .payi-lp__calls table.payi-dt__table");
  const plainTable = (root: Element) =>
    root.querySelector<HTMLTableElement>("[data-role=panel] table.payi-calls");
  const bodyRows = (table: HTMLTableElement): Element[] => {
    const rows: Element[] = [];
    for (const child of table.children)
      if (child.tagName === "TBODY") for (const tr of child.children) rows.push(tr);
    return rows;
  };
  const countBodyRows = (table: HTMLTableElement): number => {
    let count = 0;
    for (const child of table.children)
      if (child.tagName === "TBODY") count += child.childElementCount;
    return count;
  };
  const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

  const adapter: BenchPageAdapter = {
    lastPressAt: 0,
    markup(root) {
      if (virtualTable(root)) return "virtual";
      if (plainTable(root)) return "plain";
      return "none";
    },
    callsTable(root) {
      return virtualTable(root) ?? plainTable(root);
    },
    callRows(root) {
      const virtual = virtualTable(root);
      if (virtual) {
        // aria-rowcount counts the header row and the totals rows too.
        const total = Number(virtual.getAttribute("aria-rowcount") ?? "1");
        const foot = virtual.tFoot?.rows.length ?? 0;
        return Math.max(0, total - 1 - foot);
      }
      const plain = plainTable(root);
      return plain ? countBodyRows(plain) : 0;
    },
    drawnRows(root) {
      const table = adapter.callsTable(root);
      return table ? countBodyRows(table) : 0;
    },
    rowElements(root) {
      const table = adapter.callsTable(root);
      return table ? bodyRows(table) : [];
    },
    async reachRow(root, count, timeoutMs) {
      const table = adapter.callsTable(root);
      if (!table) throw new Error("no calls table");
      const started = performance.now();
      const virtual = table.matches(".payi-dt__table");
      // Today: the row whose aria-rowindex is count + 1 (the header is row 1); then: the count-th
      // body row, already in the document.
      const found = () =>
        virtual
          ? table.querySelector(`tbody tr[aria-rowindex="${count + 1}"]`)
          : (bodyRows(table)[count - 1] ?? null);
      const scroller = (table.closest(".payi-dt__scroll, .payi-lp__scroll") ??
        table.parentElement) as HTMLElement;
      for (;;) {
        const row = found();
        if (row) {
          row.scrollIntoView({ block: "nearest" });
          await frame(); // drawn in the frame after the scroll
          return performance.now() - started;
        }
        // Rows are measured as they are drawn, so the end moves: scroll again each frame.
        scroller.scrollTop = scroller.scrollHeight;
        await frame();
        if (performance.now() - started > timeoutMs)
          throw new Error(`row ${count} not reached within ${timeoutMs} ms`);
      }
    },
    terminalLines(root) {
      // Today in the terminal's shadow root (terminal-view.ts); in the page before.
      const terminal = root.querySelector("[data-role=terminal]");
      const rows =
        terminal
          ?.querySelector(".payi-terminal__screen")
          ?.shadowRoot?.querySelector(".xterm-rows") ?? terminal?.querySelector(".xterm-rows");
      if (!rows) return [];
      return [...rows.children].map((row) =>
        (row.textContent ?? "").replace(/\u00a0/g, " ").trimEnd(),
      );
    },
  };
  let pressed = false;
  window.addEventListener(
    "pointerdown",
    (event) => {
      adapter.lastPressAt = Math.min(event.timeStamp, performance.now());
      pressed = true;
    },
    true,
  );
  window.addEventListener(
    "click",
    (event) => {
      // A click with no pointerdown before it (element.click()): timed from the click.
      if (!pressed) adapter.lastPressAt = Math.min(event.timeStamp, performance.now());
      pressed = false;
    },
    true,
  );
  window.__benchPage = adapter;
}
