/**
 * Pyodide's standard library with bytecode for what a boot imports (see precompile_stdlib.py):
 * without it each boot compiles about 150 modules from source, which was most of a Python run's
 * cold start. Made by booting the `pyodide` package in Node (the same Python the browser runs, so
 * the bytecode's version always matches) and kept in node_modules/.cache under a key of the
 * Pyodide version, the course's modules and the script, since it takes seconds and the bundle is
 * rebuilt often.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PythonModules } from "../runtime/python/run-python.ts";
import { bootPyodide, writeCached } from "./node-pyodide.ts";

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "precompile_stdlib.py");

async function precompile(modules: PythonModules, target: string): Promise<number> {
  const pyodide = await bootPyodide();
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
  await writeCached(
    {
      dir: "payi-python-stdlib",
      name: "python_stdlib",
      extension: ".zip",
      inputs: [readFileSync(SCRIPT), JSON.stringify(modules)],
    },
    target,
    async (into) => void (await precompile(modules, into)),
  );
}
