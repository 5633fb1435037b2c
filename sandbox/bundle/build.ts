/**
 * Builds the runtime the sandboxes run against: the instrumentation API, the mock provider and the
 * real `openai` SDK, as real packages (`node_modules/payi-lab`, `node_modules/openai`) that
 * WebContainer mounts and the in-browser runner loads. One esbuild run with code splitting, so
 * every entry shares one copy of the runtime state (the current scope, limits, counters).
 *
 *   node sandbox/bundle/build.ts        builds into sandbox/dist and prints the sizes
 */
import { mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { collectPythonModules } from "../python/modules.ts";
import { writePythonSnapshot } from "./python-snapshot.ts";
import { writePythonStdlib } from "./python-stdlib.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SANDBOX_DIR = path.resolve(here, "..");
export const DIST_DIR = path.join(SANDBOX_DIR, "dist");
export const MODULES_DIR = path.join(DIST_DIR, "node_modules");
const RUNTIME_DIR = path.join(MODULES_DIR, "payi-lab");
/** The course's Python modules, one JSON file (served under /pyodide/, read by the Node host). */
export const PYTHON_MODULES_FILE = path.join(DIST_DIR, "python", "modules.json");
/** Pyodide's standard library with bytecode for what a boot imports (python-stdlib.ts). */
export const PYTHON_STDLIB_FILE = path.join(DIST_DIR, "python", "python_stdlib.zip");
/** Pyodide's memory once booted on it, the course's modules imported; gzip'd (python-snapshot.ts). */
export const PYTHON_SNAPSHOT_FILE = path.join(DIST_DIR, "python", "python_snapshot.bin");

/** The runtime's gzip budget for what a program loads (the Node host excluded). */
export const RUNTIME_BUDGET_BYTES = 150 * 1024;

const ENTRIES: Record<string, string> = {
  instrument: "runtime/public/instrument.ts",
  helpers: "runtime/public/helpers.ts",
  limits: "runtime/public/limits.ts",
  openai: "runtime/public/openai.ts",
  async: "runtime/public/async.ts",
  "host-node": "runtime/host/node-host.ts",
  "host-worker": "runtime/host/worker-host.ts",
  "host-python-node": "runtime/host/python-node-host.ts",
  "host-python": "runtime/host/python-worker-host.ts",
};

export interface BundleFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleManifest {
  files: BundleFile[];
  /** gzip bytes of everything a program can load (all but the hosts). */
  runtimeGzipBytes: number;
}

function packageJson(name: string, exportsMap: Record<string, string>): string {
  return (
    JSON.stringify(
      { name, version: "0.0.0-sandbox", private: true, type: "module", exports: exportsMap },
      null,
      2,
    ) + "\n"
  );
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

export async function buildBundle(): Promise<BundleManifest> {
  rmSync(DIST_DIR, { recursive: true, force: true });
  mkdirSync(RUNTIME_DIR, { recursive: true });
  await esbuild.build({
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, file]) => [name, path.join(SANDBOX_DIR, file)]),
    ),
    outdir: RUNTIME_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "module", "default"],
    external: ["node:*", "pyodide"],
    target: "es2022",
    minify: true,
    legalComments: "none",
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  mkdirSync(path.dirname(PYTHON_MODULES_FILE), { recursive: true });
  const pythonModules = collectPythonModules();
  writeFileSync(PYTHON_MODULES_FILE, JSON.stringify(pythonModules) + "\n");
  await writePythonStdlib(pythonModules, PYTHON_STDLIB_FILE);
  await writePythonSnapshot(pythonModules, PYTHON_STDLIB_FILE, PYTHON_SNAPSHOT_FILE);
  const exportsMap = Object.fromEntries(
    Object.keys(ENTRIES).map((name) => [`./${name}`, `./${name}.js`]),
  );
  writeFileSync(path.join(RUNTIME_DIR, "package.json"), packageJson("payi-lab", exportsMap));
  // `import OpenAI from "openai"` in a program resolves to the sandbox client.
  const openaiDir = path.join(MODULES_DIR, "openai");
  mkdirSync(openaiDir, { recursive: true });
  writeFileSync(path.join(openaiDir, "package.json"), packageJson("openai", { ".": "./index.js" }));
  writeFileSync(
    path.join(openaiDir, "index.js"),
    'export * from "payi-lab/openai";\nexport { default } from "payi-lab/openai";\n',
  );

  const files = listFiles(MODULES_DIR).map((file) => {
    const content = readFileSync(file);
    return {
      path: path.relative(DIST_DIR, file).split(path.sep).join("/"),
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
    };
  });
  const runtimeGzipBytes = files
    .filter((file) => file.path.endsWith(".js") && !path.basename(file.path).startsWith("host-"))
    .reduce((sum, file) => sum + file.gzipBytes, 0);
  const manifest: BundleManifest = { files, runtimeGzipBytes };
  writeFileSync(path.join(DIST_DIR, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  await (await import("./types.ts")).buildTypes(); // dist/types.json, for the code editor
  return manifest;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = await buildBundle();
  for (const file of manifest.files)
    console.log(
      `${file.path.padEnd(60)} ${kb(file.bytes).padStart(10)} ${kb(file.gzipBytes).padStart(10)} gzip`,
    );
  const verdict = manifest.runtimeGzipBytes <= RUNTIME_BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `runtime loaded by a program: ${kb(manifest.runtimeGzipBytes)} gzip (${verdict} the ${kb(RUNTIME_BUDGET_BYTES)} budget)`,
  );
  if (verdict === "OVER") process.exit(1);
}
