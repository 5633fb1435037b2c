/**
 * Serves the sandbox runtime bundle (sandbox/dist/node_modules) at `/sandbox-runtime/` in dev and
 * copies it into the build, so both runners can load it on demand. The bundle is rebuilt when its
 * sources changed (esbuild, about a second).
 */
import { cpSync, createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { DIST_DIR } from "../../sandbox/bundle/build.ts";
import { ensureBundle } from "../../sandbox/cli/ensure-bundle.ts";

export const RUNTIME_BASE = "sandbox-runtime/";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

export function sandboxRuntime(): AstroIntegration {
  return {
    name: "payi-sandbox-runtime",
    hooks: {
      "astro:config:setup": async () => {
        await ensureBundle();
      },
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const url = new URL(request.url ?? "/", "http://localhost");
          const prefix = `/${RUNTIME_BASE}`;
          if (!url.pathname.startsWith(prefix)) return next();
          const file = path.join(DIST_DIR, decodeURIComponent(url.pathname.slice(prefix.length)));
          if (!file.startsWith(DIST_DIR) || !existsSync(file) || !statSync(file).isFile())
            return next();
          response.setHeader(
            "Content-Type",
            CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
          );
          response.setHeader("Cache-Control", "no-cache");
          createReadStream(file).pipe(response);
        });
      },
      "astro:build:done": async ({ dir }) => {
        await ensureBundle();
        // The Python modules are served with Pyodide, under /pyodide/ (python-runtime.ts).
        cpSync(DIST_DIR, path.join(fileURLToPath(dir), RUNTIME_BASE), {
          recursive: true,
          filter: (source) => path.relative(DIST_DIR, source) !== "python",
        });
      },
    },
  };
}
