/**
 * Runs Python programs in this browser with Pyodide: a worker inside the same kind of sandboxed,
 * opaque-origin frame as the in-browser TypeScript runner, against the same runtime bundle (its
 * Python host and the bridge), so a Python call is tagged, priced and limited by the same code.
 * Pyodide is fetched on the first Python run only; each run gets a fresh worker (a fresh Python),
 * booted ahead of time: the first one loads the runtime as soon as the runner exists (on intent)
 * and boots Pyodide when its files arrive, the next ones once a run has shown its first output;
 * Stop terminates it, even in `while True: pass`.
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
  /** Settles once the frame has the runtime and starts the first Python worker with it. */
  readonly #primed: Promise<void>;
  /** Settles once the frame has Pyodide's files too (the first worker boots Pyodide then). */
  #prepared: Promise<void> | undefined;
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
    this.#primed = this.#runtime.then((linked) =>
      this.#frame.post({ type: "prime", kind: "python", modules: linked.modules }),
    );
    this.#primed.catch(() => undefined);
  }

  /**
   * Fetches Pyodide and sends it to the frame, where the first worker boots it at once, for the
   * first run to take. Once per runner; after a failure, the next call tries again.
   */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      const [assets] = await Promise.all([this.#assets(), this.#primed]);
      // Blobs cross as handles (the bytes are not copied), and the page keeps its own.
      const { loader, asm, wasm, stdlib, snapshot, lock, modules } = assets;
      await this.#frame.post({
        type: "python-assets",
        ...{ loader, asm, wasm, stdlib, lock, modules },
        ...(snapshot ? { snapshot } : {}),
      });
    })();
    this.#prepared.catch(() => (this.#prepared = undefined));
    return this.#prepared;
  }

  run(program: PythonProgram, options: RunOptions): RunHandle {
    return this.#frame.run(options, async () => {
      await this.prepare();
      // The runtime (prime) and Pyodide (prepare) travelled once: only the program now.
      return {
        message: { modules: [], source: program.source, map: "", fileName: program.fileName },
      };
    });
  }

  dispose(): void {
    this.#frame.dispose();
  }
}
