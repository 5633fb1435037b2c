/**
 * Runs programs in this browser: a worker inside a sandboxed, opaque-origin frame, against the
 * same runtime bundle WebContainer mounts. Works offline and without cross-origin isolation.
 * Each run gets a fresh worker (a fresh "process"); Stop terminates it, even in an endless loop.
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
  #runtimeSent = false;
  readonly #frame: SandboxFrame;

  constructor(runtime: RuntimeFile[], document: Document) {
    this.#runtime = linkRuntime(runtime);
    this.#runtime.catch(() => undefined); // reported by the run that needs it
    this.#frame = new SandboxFrame(document);
  }

  run(program: CompiledProgram, options: RunOptions): RunHandle {
    const programId = `program/${program.outputFile}`;
    return this.#frame.run(options, async () => {
      const runtime = await this.#runtime;
      let linkedProgram;
      try {
        linkedProgram = await linkProgram(runtime, { id: programId, code: program.code });
      } catch (error) {
        // A program importing something the browser runner lacks: the learner's error, not the runner's.
        if (error instanceof ModuleNotAvailable) throw new ProgramError(error.message);
        throw error;
      }
      // The frame keeps the runtime's blob: URLs, so the runtime travels once per page.
      const modules = this.#runtimeSent ? [linkedProgram] : [...runtime.modules, linkedProgram];
      this.#runtimeSent = true;
      return {
        message: { modules, programId, map: program.map, fileName: program.fileName },
      };
    });
  }

  dispose(): void {
    this.#frame.dispose();
  }
}
