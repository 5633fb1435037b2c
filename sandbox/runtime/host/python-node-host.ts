/**
 * Runs a Python lesson program in Node with Pyodide (the CLI and the tests):
 * `node host-python-node.js <program.py> <learner-file.py>`, with PAYI_PYODIDE_DIR naming the
 * folder of the `pyodide` package, PAYI_PYTHON_MODULES the course's modules (JSON) and, optionally,
 * PAYI_PYTHON_STDLIB the precompiled standard library the browser gets too, and PAYI_PYTHON_SNAPSHOT
 * the memory snapshot the browser boots from (made on that library). Events are
 * signed as the TypeScript host signs them (node-channel.ts); a crash or a syntax error is noted on
 * the same channel before the process exits.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import type { PyodideAPI } from "pyodide";
import { installEventSink } from "../event-channel.ts";
import { eventInPythonTerms } from "../python/phrasebook.ts";
import { preparePython, runPython, type PythonModules } from "../python/run-python.ts";
import { restorePython, snapshotBootOptions } from "../python/snapshot.ts";
import { unpackMemory } from "../python/sparse-memory.ts";
import { openNodeChannel } from "./node-channel.ts";

const [programArg, sourceName] = process.argv.slice(2);
const pyodideDir = process.env["PAYI_PYODIDE_DIR"];
const modulesFile = process.env["PAYI_PYTHON_MODULES"];
/** The precompiled standard library (sandbox/bundle/python-stdlib.ts); Pyodide's own if not given. */
const stdlibFile = process.env["PAYI_PYTHON_STDLIB"];
/** The snapshot (sandbox/bundle/python-snapshot.ts); only with the library it was made on. */
const snapshotFile = stdlibFile ? process.env["PAYI_PYTHON_SNAPSHOT"] : undefined;
if (!programArg || !pyodideDir || !modulesFile) {
  process.stderr.write(
    "usage: PAYI_PYODIDE_DIR=... PAYI_PYTHON_MODULES=... host-python-node <program.py> [learner-file.py]\n",
  );
  process.exit(2);
}
const { write, writeSigned } = openNodeChannel();
installEventSink((event) => writeSigned(eventInPythonTerms(event)));

const latencyRaw = Number(process.env["PAYI_SANDBOX_LATENCY"] ?? "1");
const source = readFileSync(programArg, "utf8");
const modules = JSON.parse(readFileSync(modulesFile, "utf8")) as PythonModules;
const indexURL = pyodideDir.endsWith("/") ? pyodideDir : `${pyodideDir}/`;
const lock = JSON.parse(readFileSync(path.join(pyodideDir, "pyodide-lock.json"), "utf8")) as {
  info: unknown;
};
const { loadPyodide } = (await import(
  pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href
)) as {
  loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI>;
};
const pyodide = await loadPyodide({
  indexURL,
  // No package of Pyodide's is used: the course's modules are pure Python.
  lockFileContents: { info: lock.info, packages: {} },
  packageBaseUrl: indexURL,
  ...(stdlibFile ? { stdLibURL: stdlibFile } : {}),
  ...(snapshotFile
    ? snapshotBootOptions(unpackMemory(gunzipSync(readFileSync(snapshotFile))))
    : {}),
  stdout: write,
  stderr: write,
});
if (snapshotFile) restorePython(pyodide, modules);
else await preparePython(pyodide, modules);
const result = await runPython(
  pyodide,
  {
    source,
    fileName: sourceName ?? path.basename(programArg),
    latencyScale: Number.isFinite(latencyRaw) && latencyRaw >= 0 ? latencyRaw : 1,
  },
  write,
);
if (result.reason === "uncaught") writeSigned({ v: 1, type: "note", note: "crashed" });
if (result.reason === "syntax-error") writeSigned({ v: 1, type: "note", note: "syntax-error" });
process.exit(result.code);
