/**
 * The Workshop page's static markup (WorkshopJoin.astro), found by name. Names and codes typed by
 * other people are only ever written as text, never as HTML.
 */

export interface JoinMarkup {
  readonly root: HTMLElement;
  /** The element with `data-part="<name>"`. */
  part<T extends HTMLElement = HTMLElement>(name: string): T;
  /** Writes `text` into every `data-field="<name>"`. */
  fill(name: string, text: string): void;
  /** Shows `message` in the notice `data-part="<name>"`, or hides it (null). */
  notice(name: string, message: string | null): void;
  /** The join form's input `name`. */
  input(name: "code" | "displayName"): HTMLInputElement;
}

export function joinMarkup(root: HTMLElement): JoinMarkup {
  const part = <T extends HTMLElement = HTMLElement>(name: string): T => {
    const element = root.querySelector<T>(`[data-part="${name}"]`);
    if (!element) throw new Error(`Workshop page: missing part ${name}`);
    return element;
  };
  return {
    root,
    part,
    fill(name, text) {
      for (const element of root.querySelectorAll<HTMLElement>(`[data-field="${name}"]`))
        element.textContent = text;
    },
    notice(name, message) {
      const box = part(name);
      box.textContent = message ?? "";
      box.hidden = message === null;
    },
    input(name) {
      const input = root.querySelector<HTMLInputElement>(
        `[data-part="join-form"] [name="${name}"]`,
      );
      if (!input) throw new Error(`Workshop page: missing input ${name}`);
      return input;
    },
  };
}
