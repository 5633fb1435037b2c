/**
 * The lesson compiler in a worker: TypeScript is large and compiling takes a moment, so neither
 * its download nor its work touches the page's main thread.
 */
import { compileLesson } from "../../sandbox/compiler/compile.ts";

self.addEventListener(
  "message",
  (event: MessageEvent<{ id: number; source: string; fileName: string }>) => {
    const { id, source, fileName } = event.data;
    try {
      self.postMessage({ id, result: compileLesson(source, fileName) });
    } catch (error) {
      self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
