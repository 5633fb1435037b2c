/**
 * Runs programs in this browser: a worker inside a sandboxed, opaque-origin frame, against the
 * same runtime bundle WebContainer mounts. Works offline and without cross-origin isolation.
 * Each run gets a fresh worker (a fresh "process"); Stop terminates it, even in an endless loop.
 * The runner is created on intent (the pointer over Run) while the runtime's files still load: the
 * frame starts at once, and the runtime goes to it as soon as it is linked, so the frame boots the
 * first run's worker before Run is clicked.
 */
import type { RuntimeFile } from "../runtime-files.ts";
import type { CompiledProgram, RunHandle, RunOptions, Runner } from "../types.ts";
import { ProgramError, SandboxFrame } from "./frame-runner.ts";
import {
  linkProgram,
  linkRuntime,
  ModuleNotAvailable,
  type LinkedRuntime,
} from "./link-modules.ts";

export class BrowserRunner implements Runner {
  readonly kind = "browser" as const;
  readonly label = "In your browser";
  readonly #runtime: Promise<LinkedRuntime>;
  /** Settles once the frame has the runtime's modules (it keeps their blob: URLs for the page). */
  readonly #primed: Promise<void>;
  readonly #frame: SandboxFrame;

  constructor(runtime: RuntimeFile[] | Promise<RuntimeFile[]>, document: Document) {
    this.#runtime = Promise.resolve(runtime).then((files) => linkRuntime(files));
    this.#runtime.catch(() => undefined); // reported by the run that needs it
    this.#frame = new SandboxFrame(document);
    this.#primed = this.#runtime.then((linked) =>
      this.#frame.post({ type: "prime", modules: linked.modules }),
    );
    this.#primed.catch(() => undefined);
  }

  run(program: CompiledProgram, options: RunOptions): RunHandle {
    const programId = `program/${program.outputFile}`;
    return this.#frame.run(options, async () => {
      const runtime = await this.#runtime;
      await this.#primed;
      let linkedProgram;
      try {
        linkedProgram = await linkProgram(runtime, { id: programId, code: program.code });
      } catch (error) {
        // A program importing something the browser runner lacks: the learner's error, not the runner's.
        if (error instanceof ModuleNotAvailable) throw new ProgramError(error.message);
        throw error;
      }
      // The runtime travelled once, when the runner was created (prime): only the program now.
      return {
        message: {
          modules: [linkedProgram],
          programId,
          map: program.map,
          fileName: program.fileName,
        },
      };
    });
  }

  dispose(): void {
    this.#frame.dispose();
  }
}
