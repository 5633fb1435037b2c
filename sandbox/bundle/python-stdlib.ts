/**
 * Pyodide's standard library with bytecode for what a boot imports (see precompile_stdlib.py):
 * without it each boot compiles about 150 modules from source, which was most of a Python run's
 * cold start. Made by booting the `pyodide` package in Node (the same Python the browser runs, so
 * the bytecode's version always matches) and kept in node_modules/.cache under a key of the
 * Pyodide version, the course's modules and the script, since it takes seconds and the bundle is
 * rebuilt often.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PyodideAPI } from "pyodide";
import type { PythonModules } from "../runtime/python/run-python.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(here, "precompile_stdlib.py");
const CACHE_DIR = path.resolve(here, "../../node_modules/.cache/payi-python-stdlib");

export function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pyodide/package.json"));
}

async function precompile(modules: PythonModules, target: string): Promise<number> {
  const dir = pyodidePackageDir();
  const { loadPyodide } = (await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI>;
  };
  const lock = JSON.parse(readFileSync(path.join(dir, "pyodide-lock.json"), "utf8")) as {
    info: unknown;
  };
  const pyodide = await loadPyodide({
    indexURL: `${dir}/`,
    lockFileContents: { info: lock.info, packages: {} },
    packageBaseUrl: `${dir}/`,
  });
  // The course's modules, imported as a run imports them (the bridge is only imported, not used).
  const root = "/lib/payi-course";
  for (const [file, source] of Object.entries(modules.files)) {
    const full = `${root}/${file}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, source);
  }
  pyodide.registerJsModule("_payi_bridge", {});
  pyodide.runPython(
    `import sys\nsys.path.insert(0, ${JSON.stringify(root)})\n` +
      "import payi, payi.lib.instrument, payi.lib.helpers, openai, _payi_runner",
  );
  const [major, minor] = pyodide.runPython("import sys; list(sys.version_info[:2])").toJs() as [
    number,
    number,
  ];
  pyodide.globals.set("SOURCE_ZIP", `/lib/python${major}${minor}.zip`);
  pyodide.globals.set("TARGET_ZIP", "/tmp/python_stdlib.zip");
  const compiled = pyodide.runPython(readFileSync(SCRIPT, "utf8")) as number;
  writeFileSync(target, pyodide.FS.readFile("/tmp/python_stdlib.zip"));
  return compiled;
}

/** Writes the precompiled standard library to `target` (from the cache when it is current). */
export async function writePythonStdlib(modules: PythonModules, target: string): Promise<void> {
  const version = (
    JSON.parse(readFileSync(path.join(pyodidePackageDir(), "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const key = createHash("sha256")
    .update(version)
    .update(readFileSync(SCRIPT))
    .update(JSON.stringify(modules))
    .digest("hex")
    .slice(0, 16);
  const cached = path.join(CACHE_DIR, `python_stdlib-${version}-${key}.zip`);
  if (!existsSync(cached)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.partial`;
    await precompile(modules, partial);
    renameSync(partial, cached); // whole or not at all, even if two builds race
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(cached, target);
}
