/**
 * Tells when a program in a worker has nothing left to do, the way Node's event loop does: no
 * timer or interval is pending. (All work in a sandbox is timers and promises: the mock provider
 * waits with timers.) Unlike Node, a browser reads a Response body in tasks of its own, which
 * no timer shows: so "idle" must hold for a grace period in which nothing happened (no timer
 * scheduled, no output written) before the program is declared finished.
 */
type AnyFn = (...args: unknown[]) => unknown;

/** How long a program must stay idle before it is over (a response body is read well within it). */
const IDLE_GRACE_MS = 100;

export interface PendingWork {
  /** Call when something may have finished: schedules an idle check. */
  check: () => void;
  /** Call on any sign of life (output written): an idle check in progress starts over. */
  touch: () => void;
}

export function trackPendingWork(onIdle: () => void): PendingWork {
  const global = globalThis as unknown as Record<string, AnyFn>;
  const active = new Set<unknown>();
  const originals = {
    setTimeout: global["setTimeout"]!,
    clearTimeout: global["clearTimeout"]!,
    setInterval: global["setInterval"]!,
    clearInterval: global["clearInterval"]!,
  };
  const channel = new MessageChannel();
  let scheduled = false;
  let activity = 0;
  let graceTimer: unknown;
  // addEventListener (and start()) rather than onmessage: typed the same in workers and in Node.
  channel.port1.addEventListener("message", () => {
    scheduled = false;
    if (active.size !== 0) return;
    // Idle now; finished only if still idle, with nothing new, after the grace period.
    const seen = activity;
    originals.clearTimeout.call(globalThis, graceTimer);
    graceTimer = originals.setTimeout.call(
      globalThis,
      () => {
        if (active.size === 0 && activity === seen) onIdle();
      },
      IDLE_GRACE_MS,
    );
  });
  channel.port1.start();
  const check = () => {
    if (scheduled) return;
    scheduled = true;
    channel.port2.postMessage(null);
  };
  const touch = () => {
    activity++;
  };

  global["setTimeout"] = (callback: unknown, ...rest: unknown[]) => {
    activity++;
    const handle: unknown = originals.setTimeout.call(
      globalThis,
      (...args: unknown[]) => {
        active.delete(handle);
        try {
          if (typeof callback === "function") (callback as AnyFn)(...args);
        } finally {
          check();
        }
      },
      ...rest,
    );
    active.add(handle);
    return handle;
  };
  global["clearTimeout"] = (handle: unknown) => {
    active.delete(handle);
    originals.clearTimeout.call(globalThis, handle);
    check();
  };
  global["setInterval"] = (callback: unknown, ...rest: unknown[]) => {
    activity++;
    const handle = originals.setInterval.call(globalThis, callback, ...rest);
    active.add(handle);
    return handle;
  };
  global["clearInterval"] = (handle: unknown) => {
    active.delete(handle);
    originals.clearInterval.call(globalThis, handle);
    check();
  };
  return { check, touch };
}
