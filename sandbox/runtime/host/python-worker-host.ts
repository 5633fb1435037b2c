/**
 * Runs a Python lesson program inside a browser Web Worker with Pyodide (the Python runner), in
 * the same sandboxed frame and with the same trust rules as the TypeScript worker host: a private
 * MessagePort handed over before any program exists carries output, events and the end of the
 * run; the frame ends every run by terminating the worker.
 *
 * The frame cannot fetch the site's files (it has an opaque origin, and every response says
 * `Cross-Origin-Resource-Policy: same-origin`), so the page fetches Pyodide and the course's
 * modules and the frame turns them into blob: URLs of its own. Pyodide boots before the program
 * arrives, so a worker booted ahead of time starts a run at once.
 *
 *   global in:  { type: "connect" } + port                        (once, before the program)
 *   port in:    { type: "boot", loaderUrl, asmUrl, wasmUrl, wasmModule?, stdlibUrl, snapshot?, lock, modules }
 *   port out:   { type: "booted" } | { type: "boot-failed", message }
 *   port in:    { type: "run", source, fileName, latencyScale }
 *   port out:   { type: "batch", text, events } ...  then one { type: "exit", code, reason }
 */
import type { PyodideAPI } from "pyodide";
import { installEventSink } from "../event-channel.ts";
import { eventInPythonTerms } from "../python/phrasebook.ts";
import { preparePython, runPython, type PythonModules } from "../python/run-python.ts";
import { restorePython, snapshotBootOptions, snapshotMemory } from "../python/snapshot.ts";
import { createPortOutput, type Port, type PortOutput } from "./port-output.ts";

export interface BootMessage {
  type: "boot";
  loaderUrl: string;
  asmUrl: string;
  wasmUrl: string;
  /** The same wasm, already compiled by the frame (shared by every worker it starts). */
  wasmModule?: WebAssembly.Module;
  stdlibUrl: string;
  /** Pyodide's memory after a boot on that library (gzip'd; sandbox/runtime/python/snapshot.ts). */
  snapshot?: Blob;
  /** pyodide-lock.json's text (its `info`; the course needs none of Pyodide's packages). */
  lock: string;
  /** The course's modules (PythonModules as JSON). */
  modules: string;
}

export interface PythonRunMessage {
  type: "run";
  source: string;
  fileName: string;
  latencyScale: number;
}

interface WorkerScope {
  addEventListener(
    type: string,
    listener: (event: Event & { data?: unknown; ports?: readonly Port[] }) => void,
  ): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

const worker = globalThis as unknown as WorkerScope;
/** Where Pyodide thinks its files are; only the wasm is fetched from it, and that fetch is ours. */
const INDEX_URL = "https://pyodide.sandbox.invalid/";

let output: PortOutput | undefined;
let pyodide: Promise<PyodideAPI> | undefined;

/**
 * Pyodide instantiates its wasm with `WebAssembly.instantiateStreaming(fetch(wasm), imports)` and
 * has no option to take a compiled module; this worker runs nothing else, so that one function is
 * answered with the module the frame compiled (and the wasm's fetch with an empty response).
 */
function useCompiledWasm(module: WebAssembly.Module): void {
  // Typed here: the runtime's TypeScript settings know WebAssembly's types, not its functions.
  const wasm = (
    globalThis as unknown as {
      WebAssembly: {
        instantiate(module: WebAssembly.Module, imports: unknown): Promise<unknown>;
        instantiateStreaming: (source: unknown, imports: unknown) => Promise<unknown>;
      };
    }
  ).WebAssembly;
  wasm.instantiateStreaming = async (_source, imports) => ({
    module,
    instance: await wasm.instantiate(module, imports),
  });
}

async function boot(message: BootMessage): Promise<PyodideAPI> {
  // Unpacked while Pyodide's modules load.
  const memory = message.snapshot ? snapshotMemory(message.snapshot) : undefined;
  memory?.catch(() => undefined); // a failure is the boot's (below), not an unhandled rejection
  // Pyodide refuses classic workers (it tests whether importScripts works), but its ES modules
  // load fine through import(), which is what this worker does: Chromium refuses module workers
  // from blob: URLs in an opaque-origin frame (frame-bootstrap.ts). So importScripts is taken
  // away; nothing in the sandbox uses it.
  Object.defineProperty(globalThis, "importScripts", {
    configurable: true,
    value: () => {
      throw new TypeError("importScripts is not available in the Python sandbox");
    },
  });
  // Pyodide fetches its wasm from `${indexURL}pyodide.asm.wasm`: answer that one URL from memory.
  const realFetch = globalThis.fetch.bind(globalThis);
  const wasmAt = `${INDEX_URL}pyodide.asm.wasm`;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input) !== wasmAt
      ? realFetch(input, init)
      : message.wasmModule
        ? Promise.resolve(new Response(null, { headers: { "Content-Type": "application/wasm" } }))
        : realFetch(message.wasmUrl)) as typeof fetch;
  if (message.wasmModule) useCompiledWasm(message.wasmModule);
  const [{ loadPyodide }, asm] = (await Promise.all([
    import(/* @vite-ignore */ message.loaderUrl),
    import(/* @vite-ignore */ message.asmUrl),
  ])) as [
    { loadPyodide: (options: Record<string, unknown>) => Promise<PyodideAPI> },
    { default: unknown },
  ];
  const lock = JSON.parse(message.lock) as { info: unknown };
  const modules = JSON.parse(message.modules) as PythonModules;
  const start = (snapshot?: Promise<Uint8Array>) =>
    loadPyodide({
      indexURL: INDEX_URL,
      createPyodideModule: asm.default,
      stdLibURL: message.stdlibUrl,
      lockFileContents: { info: lock.info, packages: {} },
      packageBaseUrl: INDEX_URL,
      ...(snapshot ? snapshotBootOptions(snapshot) : {}),
      stdout: (text: string) => output?.write(`${text}\n`),
      stderr: (text: string) => output?.write(`${text}\n`),
    });
  if (memory) {
    try {
      const instance = await start(memory);
      restorePython(instance, modules);
      return instance;
    } catch (error) {
      // A snapshot this Pyodide cannot load (another build's): boot the long way.
      console.warn("Python: booting without the memory snapshot:", error);
    }
  }
  const instance = await start();
  await preparePython(instance, modules);
  return instance;
}

async function run(message: PythonRunMessage): Promise<void> {
  const out = output;
  if (!out || !pyodide) return;
  installEventSink((event) => out.event(eventInPythonTerms(event)));
  try {
    const instance = await pyodide;
    const result = await runPython(instance, message, (text) => out.write(text));
    out.exit(result.code, result.reason);
  } catch (error) {
    out.write(
      `\u001b[31mThe Python runner failed: ${error instanceof Error ? error.message : String(error)}\u001b[0m\n`,
    );
    out.exit(1, "uncaught");
  }
}

const onConnect = (event: Event & { data?: unknown; ports?: readonly Port[] }) => {
  const data = event.data as { type?: string } | undefined;
  const given = event.ports?.[0];
  if (data?.type !== "connect" || !given || output) return;
  output = createPortOutput(given);
  worker.removeEventListener("message", onConnect as (event: Event) => void);
  given.addEventListener("message", (portEvent) => {
    const message = portEvent.data as BootMessage | PythonRunMessage | undefined;
    if (message?.type === "boot" && !pyodide) {
      pyodide = boot(message);
      pyodide.then(
        () => given.postMessage({ type: "booted" }),
        (error: unknown) =>
          given.postMessage({
            type: "boot-failed",
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    } else if (message?.type === "run") void run(message);
  });
  given.start();
};
worker.addEventListener("message", onConnect);
