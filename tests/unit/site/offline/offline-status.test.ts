import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { describeStatus, formatMegabytes } from "../../../../src/offline/offline-control.ts";
import type { OfflineStatus } from "../../../../src/offline/protocol.ts";

const status = (overrides: Partial<OfflineStatus>): OfflineStatus => ({
  version: "v",
  state: "partial",
  totalBytes: 24_400_000,
  cachedBytes: 4_900_000,
  totalFiles: 148,
  cachedFiles: 125,
  wanted: false,
  ...overrides,
});

test("the control says the size, the progress, when it is done and what went wrong", () => {
  assert.equal(formatMegabytes(24_400_000), "24.4 MB");
  assert.match(describeStatus(status({})), /^Save the whole course in this browser \(24\.4 MB\)/);
  assert.equal(
    describeStatus(status({ state: "downloading", cachedBytes: 12_200_000 })),
    "Downloading for offline use: 12.2 MB of 24.4 MB (50%).",
  );
  assert.match(describeStatus(status({ state: "complete" })), /^Available offline: .*24\.4 MB/);
  assert.equal(describeStatus(status({ state: "failed", error: "No room." })), "No room.");
});

test("the web app manifest names the course, its colours and icons that exist at their sizes", () => {
  const manifest = JSON.parse(readFileSync("public/manifest.webmanifest", "utf8")) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  assert.ok(manifest.name && manifest.short_name);
  assert.equal(manifest.start_url, "/");
  assert.equal(manifest.display, "standalone");
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
  assert.ok(manifest.icons.some((icon) => icon.purpose === "maskable"));
  for (const icon of manifest.icons) {
    const png = readFileSync(`public${icon.src}`);
    // PNG: width and height are the IHDR chunk's first two 32-bit numbers.
    const size = `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
    assert.equal(size, icon.sizes, icon.src);
  }
});
