/** Maps positions in the compiled program back to the learner's TypeScript. */
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import type { SourcePosition } from "../host-hooks.ts";

/**
 * @param programFile how the compiled program appears in stack traces (a path, file: URL or blob: URL)
 * @param map the compiler's source map (JSON)
 * @param sourceName the learner's file name, e.g. `basic.ts`
 */
export function createPositionMapper(programFile: string, map: string, sourceName: string) {
  const trace = new TraceMap(map);
  const matches = (file: string) =>
    file === programFile || file.endsWith(`/${programFile}`) || programFile.endsWith(file);
  return (file: string, line: number, column: number): SourcePosition | null => {
    if (!matches(file)) return null;
    const original = originalPositionFor(trace, { line, column: Math.max(0, column - 1) });
    if (original.line === null) return { file: sourceName, line, column };
    return { file: sourceName, line: original.line, column: (original.column ?? 0) + 1 };
  };
}
