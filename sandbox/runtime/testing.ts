/** Resets every piece of per-run state, so in-process tests start as a fresh program would. */
import { resetEventChannelForTests } from "./event-channel.ts";
import { resetIdsForTests } from "./ids.ts";
import { resetInstrumentationForTests } from "./instrument.ts";
import { resetLimitsForTests } from "./limits.ts";
import { resetTaggingForTests } from "./tagged-call.ts";

export function resetRuntimeForTests(): void {
  resetEventChannelForTests();
  resetTaggingForTests();
  resetIdsForTests();
  resetInstrumentationForTests();
  resetLimitsForTests();
}
