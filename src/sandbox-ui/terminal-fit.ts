/**
 * The terminal grows with its output, up to its full height: a run that prints two lines does not
 * leave a dozen empty rows below them. The terminal renders a fixed number of rows and fills them
 * from the top, so the host is cut to the rows in use (the rest are empty) until all are.
 *
 * Reads the rows xterm renders in the DOM (`TerminalView.drawn`, in the terminal's shadow root);
 * with any other renderer nothing is cut and the terminal keeps its full height.
 */
import type { TerminalView } from "./terminal/terminal-view.ts";

/** Never shorter than this many rows: a separator, a line or two, and the end. */
const MIN_ROWS = 4;

export function fitTerminalToOutput(host: HTMLElement, terminal: TerminalView): void {
  let frame = 0;
  const measure = () => {
    frame = 0;
    const children = terminal.drawn.rows;
    const rowHeight = children[0]?.getBoundingClientRect().height ?? 0;
    if (!rowHeight) return;
    let used = 0;
    children.forEach((row, index) => {
      if (row.textContent?.trim()) used = index + 1;
    });
    const wanted = Math.max(MIN_ROWS, used + 1);
    if (wanted >= children.length) {
      host.style.removeProperty("height");
      host.dataset["fit"] = "full";
      return;
    }
    const style = getComputedStyle(host);
    const chrome =
      parseFloat(style.paddingTop) +
      parseFloat(style.paddingBottom) +
      parseFloat(style.borderTopWidth) +
      parseFloat(style.borderBottomWidth);
    host.style.height = `${Math.ceil(wanted * rowHeight + chrome)}px`;
    host.dataset["fit"] = String(wanted);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(measure);
  };
  new MutationObserver(schedule).observe(terminal.drawn.root, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  schedule();
}
