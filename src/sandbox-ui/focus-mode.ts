/**
 * "Focus": the sandbox full-window, over the page, and back with Escape (or the button), focus
 * returning to the button. The sandbox is shown as a manual popover, in the top layer, so no
 * ancestor's stacking context or overflow can cut it; it stays where it is in the document (the
 * editor and terminal are not moved, and keep their state).
 */
const ACTIVE = "payi-sandbox--focus";

function supportsPopover(element: HTMLElement): boolean {
  return typeof element.showPopover === "function";
}

export function toggleFocusMode(root: HTMLElement, button: HTMLElement): void {
  if (root.classList.contains(ACTIVE)) exit(root, button);
  else enter(root, button);
}

const escapeHandlers = new WeakMap<HTMLElement, (event: KeyboardEvent) => void>();

function enter(root: HTMLElement, button: HTMLElement): void {
  if (supportsPopover(root)) {
    root.setAttribute("popover", "manual");
    root.showPopover();
  }
  root.classList.add(ACTIVE);
  button.setAttribute("aria-pressed", "true");
  button.textContent = "Exit focus";
  document.documentElement.classList.add("payi-focus-open");
  const onKey = (event: KeyboardEvent) => {
    // The editor uses Escape to close its own widgets first (it then prevents the default).
    if (event.key === "Escape" && !event.defaultPrevented) exit(root, button);
  };
  escapeHandlers.set(root, onKey);
  root.addEventListener("keydown", onKey);
  // The editor and terminal fit themselves to the new size (ResizeObserver / automaticLayout).
  button.focus();
}

function exit(root: HTMLElement, button: HTMLElement): void {
  const onKey = escapeHandlers.get(root);
  if (onKey) root.removeEventListener("keydown", onKey);
  if (supportsPopover(root) && root.hasAttribute("popover")) {
    if (root.matches(":popover-open")) root.hidePopover();
    root.removeAttribute("popover");
  }
  root.classList.remove(ACTIVE);
  button.setAttribute("aria-pressed", "false");
  button.textContent = "Focus";
  document.documentElement.classList.remove("payi-focus-open");
  button.focus();
  button.scrollIntoView({ block: "nearest" });
}
