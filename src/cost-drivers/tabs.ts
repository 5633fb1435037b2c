/**
 * The WAI-ARIA tabs pattern on server-rendered markup (role=tablist/tab/tabpanel): click or
 * arrow keys select a tab (automatic activation), Home/End jump to the ends, and only the
 * selected tab is in the Tab order (roving tabindex).
 */
export interface Tabs {
  select(id: string, focus?: boolean): void;
  readonly selected: string;
}

export function attachTabs(
  tablist: HTMLElement,
  panels: HTMLElement[],
  onSelect: (id: string) => void,
): Tabs {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>("[role=tab]")];
  let selected = tabs.find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset["tab"];

  function select(id: string, focus = false): void {
    const target = tabs.find((tab) => tab.dataset["tab"] === id);
    if (!target) return;
    for (const tab of tabs) {
      const on = tab === target;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const panel of panels) panel.hidden = panel.dataset["panel"] !== id;
    if (focus) target.focus();
    if (selected !== id) {
      selected = id;
      onSelect(id);
    }
  }

  tablist.addEventListener("click", (event) => {
    const tab = (event.target as HTMLElement).closest<HTMLButtonElement>("[role=tab]");
    if (tab?.dataset["tab"]) select(tab.dataset["tab"]);
  });
  tablist.addEventListener("keydown", (event) => {
    const index = tabs.findIndex((tab) => tab === document.activeElement);
    if (index < 0) return;
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    const id = tabs[next]?.dataset["tab"];
    if (id) select(id, true);
  });

  return {
    select,
    get selected() {
      return selected ?? "";
    },
  };
}
