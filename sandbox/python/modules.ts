/**
 * The course's Python modules (`payi`, `openai`, the runner) as one JSON file the site serves
 * under /pyodide/ and the Node host reads: path under the module root -> source. Pure Python,
 * written for the course; nothing comes from PyPI or a CDN.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PythonModules } from "../runtime/python/run-python.ts";

export const PYTHON_SOURCE_DIR = path.dirname(fileURLToPath(import.meta.url));

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "__pycache__" || entry.name.startsWith(".")) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pythonFiles(full);
    return entry.name.endsWith(".py") ? [full] : [];
  });
}

export function collectPythonModules(): PythonModules {
  const files: Record<string, string> = {};
  for (const file of pythonFiles(PYTHON_SOURCE_DIR).sort())
    files[path.relative(PYTHON_SOURCE_DIR, file).split(path.sep).join("/")] = readFileSync(
      file,
      "utf8",
    );
  return { files };
}
