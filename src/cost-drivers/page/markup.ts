/**
 * The server-rendered skeleton of the page (CostDrivers.astro), found by its `data-role`
 * attributes. A missing part is a bug in the markup, so it throws with the role it looked for.
 */
export type Parts = <T extends HTMLElement = HTMLElement>(role: string) => T;

export function partsOf(root: HTMLElement): Parts {
  return <T extends HTMLElement = HTMLElement>(role: string): T => {
    const element = root.querySelector<T>(`[data-role="${role}"]`);
    if (!element) throw new Error(`Cost Drivers markup has no [data-role="${role}"]`);
    return element;
  };
}

export function selectIn(form: HTMLFormElement, name: string): HTMLSelectElement {
  return form.elements.namedItem(name) as HTMLSelectElement;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
