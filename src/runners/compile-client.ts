/**
 * Compiles learner code in the browser with the same compiler the build and the CLI use.
 * Unedited examples never need it: their compiled form ships with the page.
 */
import type { CompiledProgram as CompilerOutput } from "../../sandbox/compiler/compile.ts";

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<
  number,
  { resolve: (result: CompilerOutput) => void; reject: (error: Error) => void }
>();

function compilerWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./compiler.worker.ts", import.meta.url), {
    type: "module",
    name: "lesson-compiler",
  });
  worker.addEventListener(
    "message",
    (event: MessageEvent<{ id: number; result?: CompilerOutput; error?: string }>) => {
      const request = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (!request) return;
      if (event.data.result) request.resolve(event.data.result);
      else request.reject(new Error(event.data.error ?? "the compiler failed"));
    },
  );
  worker.addEventListener("error", () => {
    for (const request of pending.values())
      request.reject(
        new Error("The compiler could not be loaded. Check your connection and reload the page."),
      );
    pending.clear();
    worker = undefined;
  });
  return worker;
}

/** Starts loading the compiler (call when the learner starts editing). */
export function warmUpCompiler(): void {
  compilerWorker();
}

export function compileInBrowser(source: string, fileName: string): Promise<CompilerOutput> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    compilerWorker().postMessage({ id, source, fileName });
  });
}
