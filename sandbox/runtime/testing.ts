/** Resets every piece of per-run state, so in-process tests start as a fresh program would. */
import { resetCallSequenceForTests } from "./call.ts";
import { resetIdsForTests } from "./ids.ts";
import { resetInstrumentationForTests } from "./instrument.ts";
import { resetLimitsForTests } from "./limits.ts";
import { resetUntrackedForTests } from "./untracked.ts";

export function resetRuntimeForTests(): void {
  resetCallSequenceForTests();
  resetIdsForTests();
  resetInstrumentationForTests();
  resetLimitsForTests();
  resetUntrackedForTests();
}
