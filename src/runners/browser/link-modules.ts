/**
 * Prepares the runtime bundle and a program for a worker that cannot resolve `node_modules`:
 * every import specifier is replaced by a placeholder naming the target module, and modules are
 * ordered so that each comes after everything it imports. The sandboxed frame then turns them
 * into blob: URLs leaves first and substitutes the placeholders (see frame-bootstrap.ts).
 * Resolution follows Node for the two packages the bundle has: `openai` and `payi-lab/<entry>`.
 */
// The minimal build keeps the classic per-import offsets (s, e, d, n) and is the smaller one.
import { init, parse } from "es-module-lexer/minimal";
import type { RuntimeFile } from "../runtime-files.ts";

export interface LinkedModule {
  /** Module path, e.g. `node_modules/payi-lab/instrument.js`, or `program/<file>.mjs`. */
  id: string;
  /** Source with every specifier replaced by `placeholder(id)` of its target. */
  text: string;
}

export class ModuleNotAvailable extends Error {}

export const WORKER_HOST_ID = "node_modules/payi-lab/host-worker.js";
/** The Python runner's host (Pyodide); it reaches the runtime through the bridge, not the SDK. */
export const PYTHON_HOST_ID = "node_modules/payi-lab/host-python.js";

export const placeholder = (id: string) => `__payi_module__${encodeURIComponent(id)}__`;

const PACKAGE_ENTRIES: Record<string, string> = { openai: "node_modules/openai/index.js" };

function resolve(specifier: string, importer: string, known: Set<string>): string {
  let target: string | undefined;
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    const parts = importer.split("/").slice(0, -1);
    for (const part of specifier.split("/")) {
      if (part === "..") parts.pop();
      else if (part !== ".") parts.push(part);
    }
    target = parts.join("/");
  } else if (PACKAGE_ENTRIES[specifier]) {
    target = PACKAGE_ENTRIES[specifier];
  } else if (specifier.startsWith("payi-lab/")) {
    target = `node_modules/${specifier}.js`;
  }
  if (!target || !known.has(target)) {
    throw new ModuleNotAvailable(
      `Cannot import "${specifier}" in the in-browser runner: only "openai" and the payi-lab modules are available here` +
        (specifier.startsWith("node:")
          ? ". Node's built-in modules need the Node.js (WebContainer) runner."
          : "."),
    );
  }
  return target;
}

function rewrite(id: string, text: string, known: Set<string>): { text: string; deps: string[] } {
  const [imports] = parse(text);
  const deps: string[] = [];
  let out = "";
  let last = 0;
  for (const entry of imports) {
    // `n` is the resolved string of a static specifier; dynamic imports with expressions have none.
    if (entry.n === undefined || entry.s < 0) continue;
    const isStatic = entry.d === -1;
    let target: string;
    try {
      target = resolve(entry.n, id, known);
    } catch (error) {
      // A dynamic import the bundle never reaches in a sandbox (e.g. a Node-only adapter) fails only if run.
      if (!isStatic) continue;
      throw error;
    }
    deps.push(target);
    // Static: s..e is the specifier inside its quotes. Dynamic: s..e is the whole argument, quotes included.
    out +=
      text.slice(last, entry.s) +
      (isStatic ? placeholder(target) : JSON.stringify(placeholder(target)));
    last = entry.e;
  }
  return { text: out + text.slice(last), deps };
}

export interface LinkedRuntime {
  /** Runtime modules, each after everything it imports; the worker host among them. */
  modules: LinkedModule[];
  known: Set<string>;
}

/** What a program in the browser can reach: the worker host and the packages' entry points. */
const BROWSER_ROOTS = [
  WORKER_HOST_ID,
  "node_modules/openai/index.js",
  ...["instrument", "helpers", "limits", "openai", "async"].map(
    (entry) => `node_modules/payi-lab/${entry}.js`,
  ),
];

/**
 * Links the runtime bundle's JavaScript once per page: only what the roots reach (the Node hosts,
 * which import `node:*` modules, are never loaded in a browser). The Python runner links from
 * its own host.
 */
export async function linkRuntime(
  runtime: RuntimeFile[],
  roots: readonly string[] = BROWSER_ROOTS,
): Promise<LinkedRuntime> {
  await init;
  const sources = new Map(
    runtime.filter((file) => file.path.endsWith(".js")).map((file) => [file.path, file.text]),
  );
  const known = new Set(sources.keys());
  const host = roots[0] ?? WORKER_HOST_ID;
  if (!known.has(host))
    throw new Error(`The runtime bundle has no worker host (${host.split("/").pop()}).`);
  const modules: LinkedModule[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, chain: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting")
      throw new Error(`Import cycle in the runtime bundle: ${[...chain, id].join(" -> ")}`);
    state.set(id, "visiting");
    const { text, deps } = rewrite(id, sources.get(id)!, known);
    for (const dep of deps) visit(dep, [...chain, id]);
    state.set(id, "done");
    modules.push({ id, text });
  };
  for (const root of roots) if (known.has(root)) visit(root, []);
  return { modules, known: new Set(modules.map((module) => module.id)) };
}

/** Links one program against the runtime: its imports become placeholders of runtime modules. */
export async function linkProgram(
  runtime: LinkedRuntime,
  program: { id: string; code: string },
): Promise<LinkedModule> {
  await init;
  return { id: program.id, text: rewrite(program.id, program.code, runtime.known).text };
}
