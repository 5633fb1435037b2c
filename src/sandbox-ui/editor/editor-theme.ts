/**
 * Monaco themes that look like Starlight's code blocks (Expressive Code's Night Owl themes, with the
 * token colours Expressive Code settles on after its contrast adjustment), following the site theme:
 * Starlight sets `data-theme="light|dark"` on <html>. Surfaces come from Starlight's custom
 * properties, read when a theme is applied (Monaco needs concrete colours, not `var()`).
 */
import type { MonacoEditorApi } from "./load-monaco.ts";
import { siteProperty, type SiteProperty } from "./site-style.ts";

type SiteTheme = "light" | "dark";

interface Palette {
  foreground: string;
  comment: string;
  keyword: string;
  string: string;
  number: string;
  regexp: string;
  type: string;
  delimiter: string;
}

const TOKENS: Record<SiteTheme, Palette> = {
  dark: {
    foreground: "#d6deeb",
    comment: "#919f9f",
    keyword: "#c792ea",
    string: "#ecc48d",
    number: "#f78c6c",
    regexp: "#7fdbca",
    type: "#faf39f",
    delimiter: "#c792ea",
  },
  light: {
    foreground: "#403f53",
    comment: "#5d6376",
    keyword: "#8844ae",
    string: "#984e4d",
    number: "#aa0982",
    regexp: "#096e72",
    type: "#111111",
    delimiter: "#8844ae",
  },
};

/** This site's values (Starlight greys, src/styles/theme.css accents), for pages without its stylesheet. */
const SURFACE_FALLBACKS: Record<SiteTheme, Partial<Record<SiteProperty, string>>> = {
  dark: {
    "--sl-color-gray-6": "#23262f",
    "--sl-color-gray-5": "#353841",
    "--sl-color-gray-3": "#888c96",
    "--sl-color-gray-2": "#c1c3c8",
    "--sl-color-black": "#17181c",
    "--sl-color-accent": "#18aa8d",
    "--sl-color-accent-high": "#b1f1e4",
  },
  light: {
    "--sl-color-gray-7": "#f6f7f9",
    "--sl-color-gray-5": "#c1c3c8",
    "--sl-color-gray-3": "#555962",
    "--sl-color-gray-2": "#353841",
    "--sl-color-black": "#ffffff",
    "--sl-color-accent": "#06745e",
    "--sl-color-accent-high": "#045243",
  },
};

function siteTheme(): SiteTheme {
  const attribute = document.documentElement.dataset["theme"];
  if (attribute === "light" || attribute === "dark") return attribute;
  return matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
}

let colorProbe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as #rrggbb(aa), which is all Monaco's theme parser takes; undefined if unparsable. */
function toHex(color: string): string | undefined {
  colorProbe ??= document.createElement("canvas").getContext("2d");
  if (!colorProbe) return undefined;
  colorProbe.fillStyle = "#010203";
  colorProbe.fillStyle = color;
  const normalized = String(colorProbe.fillStyle);
  if (normalized === "#010203" && color.replace(/\s/g, "") !== "#010203") return undefined;
  if (normalized.startsWith("#")) return normalized;
  const parts = normalized.match(/[\d.]+/g)?.map(Number);
  if (!parts || parts.length < 3) return undefined;
  const [r = 0, g = 0, b = 0, a = 1] = parts;
  return `#${[r, g, b, Math.round(a * 255)].map((n) => n.toString(16).padStart(2, "0")).join("")}`;
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * `color`, moved towards white (dark theme) or black until it reads on `background` at WCAG AA
 * (4.5:1, with a margin): the site's greys and backgrounds are not ours to fix here.
 */
function readable(color: string, background: string, dark: boolean): string {
  let hex = color.slice(0, 7);
  for (let step = 0; step < 20 && contrast(hex, background) < 4.6; step++) {
    const target = dark ? 255 : 0;
    hex = `#${[1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16))
      .map((c) =>
        Math.round(c + (target - c) * 0.1)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")}`;
  }
  return hex;
}

function surface(theme: SiteTheme, property: SiteProperty): string {
  const value = siteProperty(property);
  return (value && toHex(value)) || SURFACE_FALLBACKS[theme][property] || "#808080";
}

const themeName = (theme: SiteTheme) => `payi-starlight-${theme}`;

function defineTheme(monaco: MonacoEditorApi, theme: SiteTheme): string {
  const dark = theme === "dark";
  const background = surface(theme, dark ? "--sl-color-gray-6" : "--sl-color-gray-7");
  const tokens: Palette = { ...TOKENS[theme] };
  for (const key of Object.keys(tokens) as (keyof Palette)[])
    tokens[key] = readable(tokens[key], background, dark);
  const accent = surface(theme, dark ? "--sl-color-accent-high" : "--sl-color-accent");
  const hairline = surface(theme, "--sl-color-gray-5");
  const strip = (hex: string) => hex.slice(1, 7);
  monaco.editor.defineTheme(themeName(theme), {
    base: dark ? "vs-dark" : "vs",
    inherit: true,
    rules: [
      { token: "", foreground: strip(tokens.foreground) },
      { token: "identifier", foreground: strip(tokens.foreground) },
      { token: "comment", foreground: strip(tokens.comment), fontStyle: "italic" },
      { token: "keyword", foreground: strip(tokens.keyword) },
      { token: "string", foreground: strip(tokens.string) },
      { token: "number", foreground: strip(tokens.number) },
      { token: "regexp", foreground: strip(tokens.regexp) },
      { token: "type", foreground: strip(tokens.type) },
      { token: "delimiter", foreground: strip(tokens.delimiter) },
      { token: "delimiter.bracket", foreground: strip(tokens.foreground) },
    ],
    colors: {
      "editor.background": background,
      "editor.foreground": tokens.foreground,
      "editorGutter.background": background,
      "editorLineNumber.foreground": readable(
        surface(theme, "--sl-color-gray-3"),
        background,
        dark,
      ),
      "editorLineNumber.activeForeground": readable(
        surface(theme, "--sl-color-gray-2"),
        background,
        dark,
      ),
      "editorCursor.foreground": accent,
      "editor.selectionBackground": `${accent.slice(0, 7)}40`,
      "editor.inactiveSelectionBackground": `${accent.slice(0, 7)}26`,
      "editor.lineHighlightBackground": dark ? "#ffffff0a" : "#0000000a",
      "editor.lineHighlightBorder": "#00000000",
      "editorIndentGuide.background1": `${hairline.slice(0, 7)}99`,
      "editorWidget.background": surface(theme, "--sl-color-black"),
      "editorWidget.border": hairline,
      "editorSuggestWidget.background": surface(theme, "--sl-color-black"),
      "editorSuggestWidget.border": hairline,
      "editorHoverWidget.background": surface(theme, "--sl-color-black"),
      "editorHoverWidget.border": hairline,
      focusBorder: accent,
      "scrollbarSlider.background": dark ? "#ffffff17" : "#0000001a",
      "scrollbarSlider.hoverBackground": dark ? "#ffffff40" : "#00000055",
    },
  });
  return themeName(theme);
}

let followers = 0;
let observer: MutationObserver | undefined;

function applySiteTheme(monaco: MonacoEditorApi): void {
  monaco.editor.setTheme(defineTheme(monaco, siteTheme()));
}

/**
 * Applies the theme matching the site's now and whenever `data-theme` changes; Monaco's theme is
 * page-wide, so one observer serves every editor. Returns the theme name and a release function.
 */
export function followSiteTheme(monaco: MonacoEditorApi): { theme: string; release(): void } {
  applySiteTheme(monaco);
  followers++;
  observer ??= new MutationObserver(() => applySiteTheme(monaco));
  if (followers === 1)
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme"],
    });
  let released = false;
  return {
    theme: themeName(siteTheme()),
    release() {
      if (released) return;
      released = true;
      if (--followers === 0) observer?.disconnect();
    },
  };
}
