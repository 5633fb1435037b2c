/**
 * Runs the live panel, the terminal and the data table in a real page without the site: both are bundled with
 * esbuild (their CSS included) and inlined with Starlight's own custom properties and the site
 * theme, so the components see exactly the variables they get on a lesson page.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { build } from "esbuild";
import type { createLivePanel, LivePanel } from "../../../src/sandbox-ui/live-panel/live-panel.ts";
import type { createDataTable } from "../../../src/ui/data-table/data-table.ts";
import type {
  createTerminalView,
  TerminalView,
} from "../../../src/sandbox-ui/terminal/terminal-view.ts";

declare global {
  interface Window {
    /** The bundle's exports. */
    payiComponents: {
      createLivePanel: typeof createLivePanel;
      createTerminalView: typeof createTerminalView;
      createDataTable: typeof createDataTable;
    };
    /** The component under test, for `page.evaluate`. */
    panel: LivePanel;
    term: TerminalView;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../../..");

const ENTRY = `
export { createLivePanel } from "./src/sandbox-ui/live-panel/live-panel.ts";
export { createTerminalView } from "./src/sandbox-ui/terminal/terminal-view.ts";
export { createDataTable } from "./src/ui/data-table/data-table.ts";
`;

export interface Bundle {
  js: string;
  css: string;
}

let bundle: Promise<Bundle> | undefined;

/** The components as one IIFE (`window.payiComponents`) and one stylesheet; built once per worker. */
export function bundleComponents(): Promise<Bundle> {
  bundle ??= build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "components-entry.ts", loader: "ts" },
    bundle: true,
    format: "iife",
    globalName: "payiComponents",
    platform: "browser",
    // As Vite does for the site: libraries (@tanstack/virtual-core) read it for their dev checks.
    define: { "process.env.NODE_ENV": '"production"' },
    target: "es2022",
    outdir: "out",
    write: false,
    logLevel: "silent",
  }).then((result) => {
    const file = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? "";
    return { js: file(".js"), css: file(".css") };
  });
  return bundle;
}

function starlightCss(): string {
  const style = (name: string) =>
    readFileSync(path.join(ROOT, "node_modules/@astrojs/starlight/dist/style", name), "utf8");
  return [
    style("layers.css"),
    style("props.css"),
    style("reset.css"),
    readFileSync(path.join(ROOT, "src/styles/theme.css"), "utf8"),
  ].join("\n");
}

export type Theme = "light" | "dark";

/**
 * Loads an empty lesson-like page (content column as wide as Starlight's, 48rem) with the
 * components available as `window.payiComponents`, and `#live` / `#terminal` to render into.
 */
export async function openComponentPage(page: Page, theme: Theme = "light"): Promise<void> {
  const { js, css } = await bundleComponents();
  const html = `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox components</title>
<style>${starlightCss()}</style>
<style>
  main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
  main > * + * { margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
  <h1>Sandbox components</h1>
  <section aria-label="Live panel"><div id="live"></div></section>
  <section aria-label="Terminal"><div id="terminal"></div></section>
</main>
</body>
</html>`;
  await page.setContent(html);
  // Added as elements, not inlined in the HTML, so no "</script>" in the bundle can end it early.
  await page.addStyleTag({ content: css });
  await page.addScriptTag({ content: js });
}
