/**
 * Where in the program an SDK error's call was made, by the object the SDK's error carries (the
 * response's `Headers`, or the transport failure as `cause`): uncaught errors are reported there.
 */
import type { SourcePosition } from "./host-hooks.ts";

const callSitesByErrorPart = new WeakMap<object, SourcePosition>();

/** Remembers the call site of a failed call by an object its SDK error will carry. */
export function rememberCallSite(part: object, site: SourcePosition): void {
  callSitesByErrorPart.set(part, site);
}

export function callSiteOfError(error: unknown): SourcePosition | null {
  if (typeof error !== "object" || error === null) return null;
  for (const part of [
    (error as { headers?: unknown }).headers,
    (error as { cause?: unknown }).cause,
  ]) {
    if (typeof part === "object" && part !== null) {
      const site = callSitesByErrorPart.get(part);
      if (site) return site;
    }
  }
  return null;
}
