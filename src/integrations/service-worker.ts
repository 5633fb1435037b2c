/**
 * Writes `dist/sw.js` after every build: the service worker (src/offline/service-worker/, on
 * Workbox) bundled by esbuild, with this build's list of files, revisions and integrity hashes
 * (src/integrations/offline-plan.ts) compiled in. A new build therefore means a new `sw.js`,
 * which is how browsers learn there is a new version. Nothing is served in dev: `astro dev`
 * rebuilds modules on the fly and the page does not register a worker there.
 *
 * Must come after Starlight in `integrations` (its Pagefind index is written in its own
 * `astro:build:done`) and after the sandbox runtime (copied into `dist/` the same way).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { build } from "esbuild";
import { planOfflineFiles, totalBytes } from "./offline-plan.ts";

export const SERVICE_WORKER_FILE = "sw.js";
const SOURCE = fileURLToPath(new URL("../offline/service-worker/sw.ts", import.meta.url));

export interface ServiceWorkerBuildResult {
  version: string;
  coreBytes: number;
  lazyBytes: number;
  coreFiles: number;
  lazyFiles: number;
}

/** Plans the offline files of the build in `distDir` and writes its `sw.js`. */
export async function writeServiceWorker(
  distDir: string,
  base = "/",
): Promise<ServiceWorkerBuildResult> {
  if (!existsSync(path.join(distDir, "pagefind", "pagefind.js")))
    throw new Error(
      "Service worker: dist/pagefind/ is missing. List serviceWorker() after starlight() in astro.config.mjs, so search is built before the worker lists the files.",
    );
  const plan = await planOfflineFiles({ distDir, base });
  const result = await build({
    entryPoints: [SOURCE],
    bundle: true,
    format: "iife",
    target: "es2022",
    minify: true,
    write: false,
    legalComments: "none",
    define: {
      // Workbox's production build: no dev logging or assertions.
      "process.env.NODE_ENV": '"production"',
      __OFFLINE_BUILD__: JSON.stringify(plan),
    },
  });
  writeFileSync(path.join(distDir, SERVICE_WORKER_FILE), result.outputFiles[0]!.contents);
  return {
    version: plan.version,
    coreBytes: totalBytes(plan.core),
    lazyBytes: totalBytes(plan.lazy),
    coreFiles: plan.core.length,
    lazyFiles: plan.lazy.length,
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function serviceWorker(): AstroIntegration {
  let base = "/";
  return {
    name: "payi-service-worker",
    hooks: {
      "astro:config:done": ({ config }) => {
        base = config.base;
      },
      "astro:build:done": async ({ dir, logger }) => {
        const built = await writeServiceWorker(fileURLToPath(dir), base);
        logger.info(
          `${SERVICE_WORKER_FILE} ${built.version}: precached on install ${built.coreFiles} files (${mb(built.coreBytes)}), on first use or "Make available offline" ${built.lazyFiles} files (${mb(built.lazyBytes)})`,
        );
      },
    },
  };
}
