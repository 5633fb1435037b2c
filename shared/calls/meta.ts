/**
 * Where a call was made, as the page records it next to the call event: which run, which sandbox,
 * which lesson, which runner. Shared by the Cost Drivers store, the workshop forwarder and the
 * room service; defined once as a valibot schema, like the event (./event.ts).
 */
import * as v from "valibot";

/** Every runner a call can come from. Add a runner here and everything that stores calls knows it. */
export const RUNNER_KINDS = ["webcontainer", "browser", "python"] as const;
export type RunnerKind = (typeof RUNNER_KINDS)[number];

export function isRunnerKind(value: unknown): value is RunnerKind {
  return (RUNNER_KINDS as readonly unknown[]).includes(value);
}

const shortText = v.pipe(v.string(), v.maxLength(100));

export const CallMetaSchema = v.object({
  runId: shortText,
  sandboxId: shortText,
  /** The lesson page's slug, e.g. "day-2". */
  lesson: shortText,
  runner: v.picklist(RUNNER_KINDS),
  /** ISO time the page received the event. */
  recordedAt: v.pipe(v.string(), v.maxLength(40)),
});
/** Where a call was made: the sandbox controller attaches it to each event. */
export type CallMeta = v.InferOutput<typeof CallMetaSchema>;

/**
 * `meta` with every field of its type, whatever a caller passed: recording and forwarding store
 * what they are given, so a stray value must not reach a store or the room as something else.
 */
export function cleanMeta(meta: CallMeta): CallMeta {
  return {
    runId: String(meta.runId),
    sandboxId: String(meta.sandboxId),
    lesson: String(meta.lesson),
    runner: isRunnerKind(meta.runner) ? meta.runner : "browser",
    recordedAt: String(meta.recordedAt),
  };
}
