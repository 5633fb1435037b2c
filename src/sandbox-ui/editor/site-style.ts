/**
 * The site's custom properties the editor's theme and font are made of, read ahead of Monaco.
 *
 * Reading a computed style right after Monaco has added its stylesheets forces the browser to
 * restyle the whole lesson page on the spot (seconds on a long page and a slow machine), and
 * then again when the editor is laid out. Read while the page's style is still clean (on the
 * learner's intent to edit, before Monaco's chunks arrive), they cost nothing; the one restyle
 * left is the one the editor needs anyway. No Monaco import here: the sandbox loads this module
 * long before the editor.
 */
const PROPERTIES = [
  "--sl-color-gray-2",
  "--sl-color-gray-3",
  "--sl-color-gray-5",
  "--sl-color-gray-6",
  "--sl-color-gray-7",
  "--sl-color-black",
  "--sl-color-accent",
  "--sl-color-accent-high",
  "--sl-font-mono",
  "--sl-font-system-mono",
] as const;

export type SiteProperty = (typeof PROPERTIES)[number];

let captured: { key: string; values: Map<string, string> } | undefined;

/** The values depend on the site theme (and, without one set, on the system's). */
function themeKey(): string {
  return (
    document.documentElement.dataset["theme"] ??
    (matchMedia("(prefers-color-scheme: light)").matches ? "auto-light" : "auto-dark")
  );
}

/** Reads every property now; later reads under the same theme use these values. */
export function captureSiteStyle(): void {
  const key = themeKey();
  if (captured?.key === key) return;
  const style = getComputedStyle(document.documentElement);
  captured = {
    key,
    values: new Map(PROPERTIES.map((name) => [name, style.getPropertyValue(name).trim()])),
  };
}

/** A property of <html>: the captured value under the same theme, else read now. */
export function siteProperty(name: SiteProperty): string {
  if (captured?.key === themeKey()) return captured.values.get(name) ?? "";
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
