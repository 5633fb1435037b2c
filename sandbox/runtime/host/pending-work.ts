/**
 * Tells when a program in a worker has nothing left to do, the way Node's event loop does: no
 * timer or interval is pending. (All work in a sandbox is timers and promises: the mock provider
 * waits with timers.) The check runs in a fresh task so that microtasks drain first.
 */
type AnyFn = (...args: unknown[]) => unknown;

export function trackPendingWork(onIdle: () => void): { check: () => void } {
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
  channel.port1.onmessage = () => {
    scheduled = false;
    if (active.size === 0) onIdle();
  };
  const check = () => {
    if (scheduled) return;
    scheduled = true;
    channel.port2.postMessage(null);
  };

  global["setTimeout"] = (callback: unknown, ...rest: unknown[]) => {
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
    const handle = originals.setInterval.call(globalThis, callback, ...rest);
    active.add(handle);
    return handle;
  };
  global["clearInterval"] = (handle: unknown) => {
    active.delete(handle);
    originals.clearInterval.call(globalThis, handle);
    check();
  };
  return { check };
}
