/**
 * Pyodide and the course's Python modules, as the site serves them under /pyodide/, fetched by
 * the page (the sandboxed frame cannot fetch the site's files) once per page, and only when a
 * learner runs Python. The browser's HTTP cache (and a service worker, where there is one) keeps
 * them for the next page.
 */

/** The files under /pyodide/ (the build copies them there: src/integrations/python-runtime.ts). */
export const PYODIDE_FILES = {
  loader: "pyodide.mjs",
  asm: "pyodide.asm.mjs",
  wasm: "pyodide.asm.wasm",
  stdlib: "python_stdlib.zip",
  lock: "pyodide-lock.json",
  modules: "course-modules.json",
} as const;

export interface PythonAssets {
  loader: ArrayBuffer;
  asm: ArrayBuffer;
  wasm: ArrayBuffer;
  stdlib: ArrayBuffer;
  lock: string;
  modules: string;
  /** Bytes fetched (as the responses' bodies, before any decompression the transport did). */
  bytes: number;
}

let cached: Promise<PythonAssets> | undefined;

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(
      `Could not load ${url}: you seem to be offline and this browser has not kept it. Connect once to run Python.`,
    );
  }
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}).`);
  return response.arrayBuffer();
}

/** @param baseUrl where the site serves Pyodide, e.g. `/pyodide/` */
export function loadPythonAssets(baseUrl: string): Promise<PythonAssets> {
  cached ??= (async () => {
    const base = new URL(baseUrl, location.href);
    const at = (file: string) => new URL(file, base).href;
    const [loader, asm, wasm, stdlib, lock, modules] = await Promise.all([
      fetchBytes(at(PYODIDE_FILES.loader)),
      fetchBytes(at(PYODIDE_FILES.asm)),
      fetchBytes(at(PYODIDE_FILES.wasm)),
      fetchBytes(at(PYODIDE_FILES.stdlib)),
      fetchBytes(at(PYODIDE_FILES.lock)),
      fetchBytes(at(PYODIDE_FILES.modules)),
    ]);
    const text = (bytes: ArrayBuffer) => new TextDecoder().decode(bytes);
    const bytes = [loader, asm, wasm, stdlib, lock, modules].reduce((n, b) => n + b.byteLength, 0);
    return { loader, asm, wasm, stdlib, lock: text(lock), modules: text(modules), bytes };
  })();
  cached.catch(() => {
    cached = undefined; // a later run tries again
  });
  return cached;
}

/** True once the files are here (the next run starts without downloading). */
export function pythonAssetsRequested(): boolean {
  return cached !== undefined;
}
