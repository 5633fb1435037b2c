/** A tiny element builder: enough to keep the panel's markup readable without a framework. */

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") element.className = value;
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Text for screen readers only (e.g. the word behind a symbol). */
export function srOnly(text: string): HTMLSpanElement {
  return el("span", { class: "payi-sr-only" }, [text]);
}

let nextId = 0;

/** A document-unique id for aria-labelledby links between the panel's own elements. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
