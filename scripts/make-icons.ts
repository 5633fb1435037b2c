/**
 * Renders the web app's icons (public/icons/*.png) from src/assets/app-icon.svg with the same
 * Chromium the browser tests use. Run after changing the SVG: `npm run icons`; the PNGs are
 * committed, so builds need no browser.
 */
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../tests/support/find-chromium.ts";

const SIZES: { file: string; size: number }[] = [
  { file: "icon-192.png", size: 192 },
  { file: "icon-512.png", size: 512 },
  { file: "apple-touch-icon.png", size: 180 },
];

const svg = readFileSync(new URL("../src/assets/app-icon.svg", import.meta.url), "utf8");
const browser = await chromium.launch({
  executablePath: findChromium({ playwrightExecutable: () => undefined }).path,
  args: [...CHROMIUM_ARGS],
});
try {
  for (const { file, size } of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: `public/icons/${file}`, omitBackground: true });
    await page.close();
    console.log(`public/icons/${file} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
