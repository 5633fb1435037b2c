/**
 * The dashboard's static markup (WorkshopDashboard.astro), found by role: every view of the page
 * looks its elements up here, so a missing one fails loudly with its name instead of as a null.
 */

export interface Markup {
  readonly root: HTMLElement;
  /** The element with `data-role="<role>"`. */
  part<T extends HTMLElement = HTMLElement>(role: string): T;
  /** The control with `data-action="<name>"`. */
  action(name: string): HTMLElement;
}

export function dashboardMarkup(root: HTMLElement): Markup {
  const find = <T extends HTMLElement>(selector: string): T => {
    const element = root.querySelector<T>(selector);
    if (!element) throw new Error(`Room dashboard markup has no ${selector}`);
    return element;
  };
  return {
    root,
    part: (role) => find(`[data-role="${role}"]`),
    action: (name) => find(`[data-action="${name}"]`),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Marks `button` busy while `work` runs, so a second click does not send a second request. */
export async function whileBusy(button: HTMLElement, work: () => Promise<void>): Promise<void> {
  button.dataset["busy"] = "";
  button.setAttribute("aria-busy", "true");
  try {
    await work();
  } finally {
    delete button.dataset["busy"];
    button.removeAttribute("aria-busy");
  }
}

export function isBusy(button: HTMLElement): boolean {
  return button.dataset["busy"] !== undefined;
}
