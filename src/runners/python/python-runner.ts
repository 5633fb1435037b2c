/**
 * Runs Python programs in this browser with Pyodide: a worker inside the same kind of sandboxed,
 * opaque-origin frame as the in-browser TypeScript runner, against the same runtime bundle (its
 * Python host and the bridge), so a Python call is tagged, priced and limited by the same code.
 * Pyodide is fetched on the first Python run only; each run gets a fresh worker (a fresh Python),
 * booted ahead of time (the first one as soon as Pyodide's files are in the frame); Stop
 * terminates it, even in `while True: pass`.
 */
import { SandboxFrame } from "../browser/frame-runner.ts";
import { linkRuntime, PYTHON_HOST_ID, type LinkedRuntime } from "../browser/link-modules.ts";
import type { RuntimeFile } from "../runtime-files.ts";
import type { PythonProgram, RunHandle, RunOptions, Runner } from "../types.ts";
import type { PythonAssets } from "./python-assets.ts";

export class PythonRunner implements Runner<PythonProgram> {
  readonly kind = "python" as const;
  readonly label = "Python (Pyodide) in your browser";
  readonly #runtime: Promise<LinkedRuntime>;
  readonly #assets: () => Promise<PythonAssets>;
  /** Settles once the frame has Pyodide's files and the runtime, and boots the first Python. */
  #primed: Promise<void> | undefined;
  readonly #frame: SandboxFrame;

  constructor(
    runtime: Promise<RuntimeFile[]>,
    assets: () => Promise<PythonAssets>,
    document: Document,
  ) {
    this.#runtime = runtime.then((files) => linkRuntime(files, [PYTHON_HOST_ID]));
    this.#runtime.catch(() => undefined); // reported by the run that needs it
    this.#assets = assets;
    this.#frame = new SandboxFrame(document);
  }

  /**
   * Fetches Pyodide and sends it to the frame with the runtime, where a Python boots at once, for
   * the first run to take. Once per runner; after a failure, the next call tries again.
   */
  prepare(): Promise<void> {
    this.#primed ??= (async () => {
      const [runtime, assets] = await Promise.all([this.#runtime, this.#assets()]);
      // Blobs cross as handles (the bytes are not copied), and the page keeps its own.
      const { loader, asm, wasm, stdlib, snapshot, lock, modules } = assets;
      await this.#frame.post({
        type: "python-assets",
        ...{ loader, asm, wasm, stdlib, lock, modules },
        ...(snapshot ? { snapshot } : {}),
      });
      await this.#frame.post({ type: "prime", kind: "python", modules: runtime.modules });
    })();
    this.#primed.catch(() => (this.#primed = undefined));
    return this.#primed;
  }

  run(program: PythonProgram, options: RunOptions): RunHandle {
    return this.#frame.run(options, async () => {
      await this.prepare();
      // Pyodide and the runtime travelled once (prepare): only the program now.
      return {
        message: { modules: [], source: program.source, map: "", fileName: program.fileName },
      };
    });
  }

  dispose(): void {
    this.#frame.dispose();
  }
}
