/**
 * The Code / Output / Calls tabs a sandbox shows on a narrow screen (sandbox.css hides them when
 * the sandbox is wide enough to show everything). The learner's choice is remembered for every
 * sandbox, across reloads; a run may bring its output forward without changing that choice.
 * Part of the tiny first load: no imports.
 */
export const SANDBOX_TABS = ["code", "output", "calls"] as const;
export type SandboxTab = (typeof SANDBOX_TABS)[number];

const KEY = "payi-course:sandbox-tab";

function isTab(value: unknown): value is SandboxTab {
  return SANDBOX_TABS.includes(value as SandboxTab);
}

export function rememberedTab(): SandboxTab {
  try {
    const value = localStorage.getItem(KEY);
    return isTab(value) ? value : "code";
  } catch {
    return "code";
  }
}

/** Shows `tab` in `root` (a `<payi-sandbox>`); `remember` makes it every sandbox's choice. */
export function showTab(root: HTMLElement, tab: SandboxTab, remember = false): void {
  const targets = remember ? [...document.querySelectorAll<HTMLElement>("payi-sandbox")] : [root];
  for (const sandbox of targets) {
    sandbox.dataset["tab"] = tab;
    for (const button of sandbox.querySelectorAll<HTMLElement>("[role=tab][data-tab]")) {
      const selected = button.dataset["tab"] === tab;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
  }
  if (remember) {
    try {
      localStorage.setItem(KEY, tab);
    } catch {
      // private mode: the choice lasts for this page
    }
  }
}

/** Click and arrow keys on the tab list (the ARIA tabs pattern); true if the event was a tab's. */
export function handleTabEvent(root: HTMLElement, event: Event): boolean {
  const button = (event.target as HTMLElement).closest<HTMLElement>("[role=tab][data-tab]");
  if (!button || !root.contains(button)) return false;
  if (event.type === "click") {
    const tab = button.dataset["tab"];
    if (isTab(tab)) showTab(root, tab, true);
    return true;
  }
  if (event.type === "keydown") {
    const key = (event as KeyboardEvent).key;
    const index = SANDBOX_TABS.indexOf(button.dataset["tab"] as SandboxTab);
    const next =
      key === "ArrowRight"
        ? (index + 1) % SANDBOX_TABS.length
        : key === "ArrowLeft"
          ? (index + SANDBOX_TABS.length - 1) % SANDBOX_TABS.length
          : key === "Home"
            ? 0
            : key === "End"
              ? SANDBOX_TABS.length - 1
              : -1;
    if (next < 0) return false;
    event.preventDefault();
    const tab = SANDBOX_TABS[next]!;
    showTab(root, tab, true);
    root.querySelector<HTMLElement>(`[role=tab][data-tab="${tab}"]`)?.focus();
    return true;
  }
  return false;
}
