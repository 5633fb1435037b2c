/**
 * A saved edit, shown after a reload as the static code view shows the example: highlighted and
 * numbered in Expressive Code's markup (so the page's Expressive Code styles apply), before the
 * editor loads. Loaded only on a page with a saved edit.
 *
 * Colours: Shiki (its core, the TypeScript grammar and the Night Owl themes that Starlight's code
 * blocks are made from) gives each token its theme colour; Expressive Code then adjusts some for
 * contrast. The adjusted colours are learned from the example's own static block on the page (the
 * same grammar on the same text gives the same theme colours), so the edit is coloured exactly as
 * the static view would colour it; a colour the example never used is adjusted here, the same way
 * in spirit (lightened or darkened until it reads at 5.5:1).
 */
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import typescript from "shiki/langs/typescript.mjs";
import nightOwl from "shiki/themes/night-owl.mjs";
import nightOwlLight from "shiki/themes/night-owl-light.mjs";
import { loadEdit } from "./edits-store.ts";
import { safeLocalStorage } from "../local-storage.ts";

/** Expressive Code's style variants on this site: 0 dark, 1 light. */
const VARIANTS = [
  { theme: "night-owl", background: "#23262f", variable: "--0" },
  { theme: "night-owl-light", background: "#f6f7f9", variable: "--1" },
] as const;
const MIN_CONTRAST = 5.5;

let highlighter: Promise<HighlighterCore> | undefined;
let pythonLoaded: Promise<void> | undefined;

type Lang = "typescript" | "python";

async function loadHighlighter(lang: Lang): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [nightOwl, nightOwlLight],
    langs: [typescript],
    engine: createJavaScriptRegexEngine(),
  });
  const shiki = await highlighter;
  // The Python grammar only for a Python sandbox's saved edit.
  if (lang === "python")
    await (pythonLoaded ??= import("shiki/langs/python.mjs").then(({ default: python }) =>
      shiki.loadLanguage(python),
    ));
  return shiki;
}

/** [dark, light] theme colours of each character of `code`, line by line. */
async function themeColors(code: string, lang: Lang): Promise<[string, string][][]> {
  const shiki = await loadHighlighter(lang);
  const lines = shiki.codeToTokensWithThemes(code, {
    lang,
    themes: { dark: VARIANTS[0].theme, light: VARIANTS[1].theme },
  });
  return lines.map((tokens) =>
    tokens.flatMap((token) => {
      const pair: [string, string] = [
        (token.variants["dark"]?.color ?? "").toLowerCase(),
        (token.variants["light"]?.color ?? "").toLowerCase(),
      ];
      return [...token.content].map(() => pair);
    }),
  );
}

/** What the static block shows: [dark, light] colour of each character, line by line. */
function staticColors(block: Element): [string, string][][] {
  return [...block.querySelectorAll(".ec-line .code")].map((line) => {
    const colors: [string, string][] = [];
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const styled = node.parentElement?.closest<HTMLElement>("[style*='--0']");
      const pair: [string, string] = [
        styled?.style.getPropertyValue("--0").trim().toLowerCase() ?? "",
        styled?.style.getPropertyValue("--1").trim().toLowerCase() ?? "",
      ];
      for (const _char of node.textContent ?? "") colors.push(pair);
    }
    return colors;
  });
}

/** Theme colour -> the colour Expressive Code shows, per variant, learned from a static block. */
async function learnColors(
  block: Element | null,
  original: string,
  lang: Lang,
): Promise<Map<string, string>[]> {
  const maps = [new Map<string, string>(), new Map<string, string>()];
  if (!block) return maps;
  const seen = staticColors(block);
  const raw = await themeColors(original, lang);
  raw.forEach((line, row) =>
    line.forEach((pair, column) => {
      const shown = seen[row]?.[column];
      if (!shown) return;
      for (const variant of [0, 1] as const)
        if (pair[variant] && shown[variant] && !maps[variant]!.has(pair[variant]))
          maps[variant]!.set(pair[variant], shown[variant]);
    }),
  );
  return maps;
}

function channels(hex: string): [number, number, number] {
  const value = hex.replace("#", "").slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Moves `color` towards white or black (away from the background) until it reads at 5.5:1. */
function readable(color: string, background: string): string {
  const bg = channels(background);
  let rgb = channels(color);
  const target = luminance(bg) < 0.5 ? 255 : 0;
  for (let step = 0; step < 40 && contrast(rgb, bg) < MIN_CONTRAST; step++)
    rgb = rgb.map((c) => Math.round(c + (target - c) * 0.06)) as [number, number, number];
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

const rendered = new WeakMap<HTMLElement, string>();

/**
 * Renders `code` into `host` (the sandbox's `[data-role=code]`, holding the example's static
 * block) in place of the example's lines. Safe to call again with the same code.
 */
export async function renderSavedCode(
  host: HTMLElement,
  code: string,
  original: string,
): Promise<void> {
  if (rendered.get(host) === code) return;
  const block = host.querySelector(".expressive-code");
  const lines = block?.querySelector("pre code");
  if (!block || !lines) throw new Error("no static code block to show the saved edit in");
  const numbered = !!block.querySelector(".ec-line .gutter");
  const lang: Lang = host.closest("[data-language=python]") ? "python" : "typescript";
  const maps = await learnColors(block, original, lang);
  const shiki = await loadHighlighter(lang);
  // Expressive Code shows no line after the final newline; neither does this view.
  const tokens = shiki.codeToTokensWithThemes(code.replace(/\n$/, ""), {
    lang,
    themes: { dark: VARIANTS[0].theme, light: VARIANTS[1].theme },
  });
  const output = tokens.map((lineTokens, index) => {
    const line = document.createElement("div");
    line.className = "ec-line";
    if (numbered) {
      const gutter = document.createElement("div");
      gutter.className = "gutter";
      const number = document.createElement("div");
      number.className = "ln";
      number.setAttribute("aria-hidden", "true");
      number.textContent = String(index + 1);
      gutter.append(number);
      line.append(gutter);
    }
    const text = document.createElement("div");
    text.className = "code";
    for (const token of lineTokens) {
      const span = document.createElement("span");
      const style = VARIANTS.map((variant, i) => {
        const raw = (token.variants[i === 0 ? "dark" : "light"]?.color ?? "").toLowerCase();
        const shown = maps[i]!.get(raw) ?? (raw ? readable(raw, variant.background) : "");
        return shown ? `${variant.variable}:${shown}` : "";
      })
        .filter(Boolean)
        .join(";");
      if (style) span.setAttribute("style", style);
      span.textContent = token.content;
      text.append(span);
    }
    // An empty line keeps its height, as in Expressive Code's own markup.
    if (lineTokens.length === 0) text.textContent = "\n";
    line.append(text);
    return line;
  });
  lines.replaceChildren(...output);
  // The copy button copies what is shown.
  block
    .querySelector<HTMLElement>("[data-code]")
    ?.setAttribute("data-code", code.replace(/\n/g, "\u007f"));
  block.setAttribute("data-saved-edit", "");
  rendered.set(host, code);
}

/**
 * Called by the tiny element on load when this sandbox has a saved edit: shows it at once,
 * before the controller (and long before the editor) loads.
 */
export async function showSavedEdit(root: HTMLElement): Promise<void> {
  const id = root.dataset["sandboxId"] ?? "";
  const host = root.querySelector<HTMLElement>("[data-role=code]");
  const program = JSON.parse(root.querySelector("[data-role=program]")?.textContent ?? "{}") as {
    source?: string;
  };
  const { edit } = loadEdit(safeLocalStorage(), id);
  if (!host || !edit || program.source === undefined || edit.code === program.source) return;
  await renderSavedCode(host, edit.code, program.source);
}
