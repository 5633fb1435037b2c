/**
 * Compiles and type-checks learner code in the browser, in a worker, with the same compiler the
 * build and the CLI use. Unedited examples never need it: their compiled form ships with the page.
 */
import type {
  CompiledProgram as CompilerOutput,
  LessonDiagnostic,
} from "../../sandbox/compiler/compile.ts";
import type { CompilerRequest } from "./compiler.worker.ts";

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<
  number,
  { resolve: (result: unknown) => void; reject: (error: Error) => void }
>();

function compilerWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./compiler.worker.ts", import.meta.url), {
    type: "module",
    name: "lesson-compiler",
  });
  worker.addEventListener(
    "message",
    (event: MessageEvent<{ id: number; result?: unknown; error?: string }>) => {
      const request = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (!request) return;
      if (event.data.error === undefined) request.resolve(event.data.result);
      else request.reject(new Error(event.data.error));
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

function ask<T>(request: DistributiveOmit<CompilerRequest, "id">): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
    compilerWorker().postMessage({ ...request, id });
  });
}

/** Starts loading the compiler (call when the learner starts editing). */
export function warmUpCompiler(): void {
  compilerWorker();
}

export function compileInBrowser(source: string, fileName: string): Promise<CompilerOutput> {
  return ask({ kind: "compile", source, fileName });
}

/**
 * Type errors and warnings of a program, checked in the worker against the type bundle at
 * `typesUrl` with these compiler options (the editor's, so both report the same).
 */
export function typeCheckInBrowser(
  source: string,
  fileName: string,
  typesUrl: string,
  options: Record<string, unknown>,
): Promise<LessonDiagnostic[]> {
  return ask({
    kind: "typecheck",
    source,
    fileName,
    typesUrl: new URL(typesUrl, location.href).href,
    options,
  });
}
