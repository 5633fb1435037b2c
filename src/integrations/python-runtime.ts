/**
 * Serves Pyodide and the course's Python modules at `/pyodide/` in dev and copies them into the
 * build, all under that one folder: the Python runner fetches them when a learner first runs
 * Python (never with the page). Pyodide's package lock is cut down to its `info`: the course uses
 * none of Pyodide's packages, only its core and standard library and the pure-Python modules of
 * sandbox/python/.
 */
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import {
  PYTHON_MODULES_FILE,
  PYTHON_SNAPSHOT_FILE,
  PYTHON_STDLIB_FILE,
} from "../../sandbox/bundle/build.ts";
import { pyodideDir } from "../../sandbox/cli/run-python-program.ts";
import { ensureBundle } from "../../sandbox/cli/ensure-bundle.ts";
import { PYODIDE_FILES } from "../runners/python/python-assets.ts";

export const PYODIDE_BASE = "pyodide/";

const CONTENT_TYPES: Record<string, string> = {
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
};

/** The lock file the runner needs: Pyodide's `info`, no packages. */
function trimmedLock(): string {
  const lock = JSON.parse(readFileSync(path.join(pyodideDir(), "pyodide-lock.json"), "utf8")) as {
    info: unknown;
  };
  return JSON.stringify({ info: lock.info, packages: {} });
}

/** Where each served file comes from (generated files as text). */
function sources(): Record<string, { file: string } | { text: () => string }> {
  const dir = pyodideDir();
  return {
    [PYODIDE_FILES.loader]: { file: path.join(dir, "pyodide.mjs") },
    [PYODIDE_FILES.asm]: { file: path.join(dir, "pyodide.asm.mjs") },
    [PYODIDE_FILES.wasm]: { file: path.join(dir, "pyodide.asm.wasm") },
    // Pyodide's standard library with the bytecode a boot needs (sandbox/bundle/python-stdlib.ts).
    [PYODIDE_FILES.stdlib]: { file: PYTHON_STDLIB_FILE },
    // Its memory once booted on that library, the course's modules imported (python-snapshot.ts).
    [PYODIDE_FILES.snapshot]: { file: PYTHON_SNAPSHOT_FILE },
    [PYODIDE_FILES.lock]: { text: trimmedLock },
    [PYODIDE_FILES.modules]: { file: PYTHON_MODULES_FILE },
  };
}

export function pythonRuntime(): AstroIntegration {
  return {
    name: "payi-python-runtime",
    hooks: {
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const url = new URL(request.url ?? "/", "http://localhost");
          const prefix = `/${PYODIDE_BASE}`;
          if (!url.pathname.startsWith(prefix)) return next();
          const name = decodeURIComponent(url.pathname.slice(prefix.length));
          const source = sources()[name];
          if (!source) return next();
          void ensureBundle().then(() => {
            response.setHeader(
              "Content-Type",
              CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
            );
            response.setHeader("Cache-Control", "no-cache");
            if ("text" in source) response.end(source.text());
            else createReadStream(source.file).pipe(response);
          });
        });
      },
      "astro:build:done": async ({ dir }) => {
        await ensureBundle();
        const out = path.join(fileURLToPath(dir), PYODIDE_BASE);
        mkdirSync(out, { recursive: true });
        for (const [name, source] of Object.entries(sources())) {
          if ("text" in source) writeFileSync(path.join(out, name), source.text());
          else if (existsSync(source.file)) copyFileSync(source.file, path.join(out, name));
          else
            throw new Error(`${source.file} is missing: run npm install (pyodide) and try again.`);
        }
      },
    },
  };
}
