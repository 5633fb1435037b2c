/**
 * Pyodide and the course's Python modules, as the site serves them under /pyodide/, fetched by
 * the page (the sandboxed frame cannot fetch the site's files) once per page, and only when a
 * learner runs Python. The browser's HTTP cache (and a service worker, where there is one) keeps
 * them for the next page.
 *
 * The big files stay Blobs: the page never reads their 20 MB, and posting a Blob to the frame
 * (another process, for a sandboxed frame) passes a handle where an ArrayBuffer was copied.
 */

/** The files under /pyodide/ (the build copies them there: src/integrations/python-runtime.ts). */
export const PYODIDE_FILES = {
  loader: "pyodide.mjs",
  asm: "pyodide.asm.mjs",
  wasm: "pyodide.asm.wasm",
  stdlib: "python_stdlib.zip",
  /** gzip'd, but not named `.gz`: see sandbox/bundle/python-snapshot.ts. */
  snapshot: "python_snapshot.bin",
  lock: "pyodide-lock.json",
  modules: "course-modules.json",
} as const;

export interface PythonAssets {
  loader: Blob;
  asm: Blob;
  wasm: Blob;
  stdlib: Blob;
  /**
   * Pyodide's memory once booted (gzip'd; sandbox/runtime/python/snapshot.ts), for a browser
   * that can boot from it.
   */
  snapshot?: Blob;
  lock: string;
  modules: string;
  /** Bytes fetched (the responses' bodies, after any decompression the transport did). */
  bytes: number;
}

let cached: Promise<PythonAssets> | undefined;

/**
 * The snapshot was made by a Pyodide with WebAssembly's JavaScript promise integration (Node's),
 * and its memory says so: a browser without it (Safari today) boots the long way, without it.
 */
function canLoadSnapshot(): boolean {
  return "Suspending" in WebAssembly;
}

async function fetchBlob(url: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(
      `Could not load ${url}: you seem to be offline and this browser has not kept it. Connect once to run Python.`,
    );
  }
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}).`);
  return response.blob();
}

/** @param baseUrl where the site serves Pyodide, e.g. `/pyodide/` */
export function loadPythonAssets(baseUrl: string): Promise<PythonAssets> {
  cached ??= (async () => {
    const base = new URL(baseUrl, location.href);
    const at = (file: string) => new URL(file, base).href;
    const [loader, asm, wasm, stdlib, lock, modules, snapshot] = await Promise.all([
      fetchBlob(at(PYODIDE_FILES.loader)),
      fetchBlob(at(PYODIDE_FILES.asm)),
      fetchBlob(at(PYODIDE_FILES.wasm)),
      fetchBlob(at(PYODIDE_FILES.stdlib)),
      fetchBlob(at(PYODIDE_FILES.lock)),
      fetchBlob(at(PYODIDE_FILES.modules)),
      canLoadSnapshot() ? fetchBlob(at(PYODIDE_FILES.snapshot)) : undefined,
    ]);
    const all = [loader, asm, wasm, stdlib, lock, modules, snapshot];
    const bytes = all.reduce((n, blob) => n + (blob?.size ?? 0), 0);
    return {
      loader,
      asm,
      wasm,
      stdlib,
      ...(snapshot ? { snapshot } : {}),
      lock: await lock.text(),
      modules: await modules.text(),
      bytes,
    };
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
