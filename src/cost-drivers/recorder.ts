/**
 * The recording API for sandboxes: every instrumented call made on a lesson page goes to the Cost
 * Drivers store through `recordCall`. Loaded on demand through the page's call sinks (see
 * lesson-sink.ts), so lesson pages do not pay for it up front.
 *
 * Fire-and-forget: `recordCall` only queues (it never throws and never waits for storage); calls
 * are written in batches, then other tabs are told through the `payi-cost-drivers` channel so an
 * open Cost Drivers page updates live. Storage problems become notices on the Cost Drivers page.
 */
import type { CallEvent } from "../../shared/calls/event.ts";
import { createBatchWriter } from "./batch-writer.ts";
import { openChannel, type CostDriversMessage } from "./broadcast.ts";
import { pruneOldest, QuotaError, reportNotice, writeCalls } from "./db.ts";
import type { CallSink } from "../call-sinks.ts";
import { isCallEvent } from "../../shared/calls/event.ts";
import { cleanMeta, type CallMeta } from "../../shared/calls/meta.ts";
import type { NewCall } from "./record.ts";
import { BEFORE_RELOAD_EVENT, type BeforeReloadDetail } from "../page-events.ts";

/** Share of the oldest calls deleted to make room when the browser says storage is full. */
const QUOTA_PRUNE_FRACTION = 0.25;

let channel: BroadcastChannel | undefined | null = null;

function announce(message: CostDriversMessage): void {
  channel ??= openChannel();
  try {
    channel?.postMessage(message);
  } catch {
    // A closed channel only costs live updates.
  }
}

async function write(batch: NewCall[]): Promise<{ lastKey: number; pruned: number }> {
  try {
    return await writeCalls(batch);
  } catch (error) {
    if (!(error instanceof QuotaError)) throw error;
    // Full: drop the oldest calls (they would be pruned eventually anyway) and try once more.
    const pruned = await pruneOldest(QUOTA_PRUNE_FRACTION);
    const result = await writeCalls(batch);
    return { ...result, pruned: result.pruned + pruned };
  }
}

const writer = createBatchWriter({
  write,
  written: ({ count, lastKey, pruned }) => announce({ type: "recorded", count, lastKey, pruned }),
  failed: (error, dropped) => {
    const what = `${dropped} call${dropped === 1 ? "" : "s"} could not be saved for Cost Drivers`;
    const text =
      error instanceof QuotaError
        ? `${what}: the browser's storage for this site is full. Clear data on the Cost Drivers page to make room.`
        : `${what}: ${error instanceof Error ? error.message : String(error)}.`;
    announce({ type: "error", message: text });
    void reportNotice({ kind: "quota", text, at: new Date().toISOString() });
  },
  schedule: (flush, delayMs) => setTimeout(flush, delayMs),
});

let listening = false;

function flushOnLeave(): void {
  if (listening || typeof addEventListener !== "function") return;
  listening = true;
  // Best effort: a batch still waiting when the learner leaves the page is written at once.
  addEventListener("pagehide", () => void writer.flush());
  // Reloading into a new version of the site waits for the queue to be stored.
  addEventListener(BEFORE_RELOAD_EVENT, (event) =>
    (event as CustomEvent<BeforeReloadDetail>).detail.waitFor(writer.flush()),
  );
}

/**
 * Records one call made by a sandbox run. Returns at once; the call is stored shortly after with
 * others of the same burst. Events of other schema versions are ignored.
 */
export function recordCall(event: CallEvent, meta: CallMeta): void {
  try {
    if (!isCallEvent(event)) return;
    flushOnLeave();
    writer.add({ event, ...cleanMeta(meta) });
  } catch {
    // Recording must never disturb a run.
  }
}

/** Writes what is queued now (e.g. at the end of a run); resolves when it is stored or dropped. */
export function flushRecorder(): Promise<void> {
  return writer.flush();
}

/** The Cost Drivers page filtered to one run ("Open in Cost Drivers" in a sandbox's live panel). */
export function runLink(runId: string): string {
  const base = (import.meta.env?.BASE_URL ?? "/").replace(/\/?$/, "/");
  return `${base}cost-drivers/?run=${encodeURIComponent(runId)}`;
}

const recordedRuns = new Set<string>();

/** Cost Drivers as one of the page's call sinks. */
export const costDriversSink: CallSink = {
  name: "Cost Drivers",
  receive(calls) {
    for (const { event, meta } of calls) {
      recordedRuns.add(meta.runId);
      recordCall(event, meta);
    }
  },
  runEnded: () => flushRecorder(),
  runLink: (runId) =>
    recordedRuns.has(runId) ? { label: "Open in Cost Drivers", href: runLink(runId) } : null,
};
