/** How an uncaught error of the learner's program is shown, identically in every runner. */
import { callSiteOfError } from "../error-call-site.ts";
import { mappedFrames } from "../callsite.ts";
import type { SourcePosition } from "../host-hooks.ts";

type Mapper = (file: string, line: number, column: number) => SourcePosition | null;

/** The learner's frames only, mapped to their TypeScript lines. */
export function programFrames(stack: string | undefined, map: Mapper): SourcePosition[] {
  return [...mappedFrames(stack, map)];
}

export function formatUncaught(
  error: unknown,
  map: Mapper,
  kind: "error" | "rejection" = "error",
): string {
  const label = kind === "rejection" ? "Unhandled promise rejection" : "Uncaught";
  if (!(error instanceof Error)) return `\u001b[31m${label}: ${String(error)}\u001b[0m\n`;
  const frames = programFrames(error.stack, map);
  // An SDK error thrown after its own awaits has none of the learner's frames: name the call's line.
  const callSite = frames.length === 0 ? callSiteOfError(error) : null;
  if (callSite) frames.push(callSite);
  const where = frames
    .map((frame) => `    at ${frame.file}:${frame.line}:${frame.column}`)
    .join("\n");
  return `\u001b[31m${label} ${error.name}: ${error.message}\u001b[0m\n${where ? where + "\n" : ""}`;
}
