/**
 * Queues calls and writes them in batches: one storage transaction per burst instead of one per
 * call, so a program making thousands of calls does not make thousands of writes. Knows nothing
 * about IndexedDB (its writer is passed in), so the batching and error handling are unit-tested.
 */
import type { NewCall } from "./record.ts";

export interface BatchWriterDeps {
  /** Stores a batch; rejects on failure. `lastKey` and `pruned` are passed on to `written`. */
  write(batch: NewCall[]): Promise<{ lastKey: number; pruned: number }>;
  /** Called after each batch is stored. */
  written(result: { count: number; lastKey: number; pruned: number }): void;
  /** Called when a batch could not be stored; the batch is dropped. */
  failed(error: unknown, dropped: number): void;
  /** Runs `flush` later (a timer in the browser; tests pass their own). */
  schedule(flush: () => void, delayMs: number): void;
}

export interface BatchWriterOptions {
  /** Quiet time after a call before the batch is written (default 100 ms). */
  delayMs?: number;
  /** A batch is written at once when it reaches this size (default 500). */
  maxBatch?: number;
  /** Calls waiting to be written (while storage is slow) before new ones are dropped (default 20,000). */
  maxQueued?: number;
}

export interface BatchWriter {
  /** Queues one call; never throws. */
  add(call: NewCall): void;
  /** Writes what is queued; resolves when everything queued so far is written (or failed). */
  flush(): Promise<void>;
  /** Calls dropped because the queue was full or a write failed. */
  readonly dropped: number;
}

export function createBatchWriter(
  deps: BatchWriterDeps,
  options: BatchWriterOptions = {},
): BatchWriter {
  const delayMs = options.delayMs ?? 100;
  const maxBatch = options.maxBatch ?? 500;
  const maxQueued = options.maxQueued ?? 20_000;
  let queue: NewCall[] = [];
  /** Calls added and not yet written or dropped (queued, and in batches waiting to be written). */
  let pending = 0;
  let scheduled = false;
  let dropped = 0;
  // One write at a time, in order: keys then follow the order calls were made.
  let chain: Promise<void> = Promise.resolve();

  function writeNow(): Promise<void> {
    scheduled = false;
    if (!queue.length) return chain;
    const batch = queue;
    queue = [];
    chain = chain.then(async () => {
      try {
        const result = await deps.write(batch);
        safely(() => deps.written({ count: batch.length, ...result }));
      } catch (error) {
        dropped += batch.length;
        safely(() => deps.failed(error, batch.length));
      } finally {
        pending -= batch.length;
      }
    });
    return chain;
  }

  return {
    add(call) {
      try {
        // Storage that stopped answering must not make the page hold every call in memory.
        if (pending >= maxQueued) {
          dropped += 1;
          return;
        }
        queue.push(call);
        pending += 1;
        if (queue.length >= maxBatch) void writeNow();
        else if (!scheduled) {
          scheduled = true;
          deps.schedule(() => void writeNow(), delayMs);
        }
      } catch {
        dropped += 1;
      }
    },
    flush: () => writeNow(),
    get dropped() {
      return dropped;
    },
  };
}

function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // A listener's failure must not stop the writes.
  }
}
