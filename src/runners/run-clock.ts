/**
 * The time limits of one run, kept by the page (never by the program): a run that shows no sign of
 * life (no output, no call) for `idleTimeoutMs` is stopped, and any run at `maxRunMs`. A program
 * still printing or calling is never mistaken for an endless loop.
 */
import type { RunBatch, RunEnd, RunOptions } from "./types.ts";

type TimedOut = Extract<RunEnd, { kind: "timed-out" }>;

export interface RunClock {
  /** A batch arrived: the program is alive. */
  progress(batch: RunBatch): void;
  stop(): void;
}

export function startRunClock(
  options: Pick<RunOptions, "idleTimeoutMs" | "maxRunMs">,
  onExpired: (end: TimedOut) => void,
): RunClock {
  let busy: TimedOut["busy"] = "quiet";
  let idle: ReturnType<typeof setTimeout> | undefined;
  const expire = (reason: TimedOut["reason"], afterMs: number) => {
    clearTimeout(idle);
    clearTimeout(ceiling);
    onExpired({ kind: "timed-out", reason, afterMs, busy });
  };
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => expire("no-progress", options.idleTimeoutMs), options.idleTimeoutMs);
  };
  const ceiling = setTimeout(() => expire("ceiling", options.maxRunMs), options.maxRunMs);
  armIdle();
  return {
    progress(batch) {
      busy = batch.events.length > 0 ? "calling" : batch.text ? "printing" : busy;
      armIdle();
    },
    stop() {
      clearTimeout(idle);
      clearTimeout(ceiling);
    },
  };
}
