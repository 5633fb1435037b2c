/**
 * Booting the one WebContainer a page may have, and why it could not boot.
 * Facts this relies on (see the design notes): `boot()` never settles without network, so it is
 * raced against a time limit; a second `boot()` throws, so the instance is shared; it needs
 * cross-origin isolation; a StackBlitz API key is needed on public hosts (not on localhost).
 */
import type { Container } from "./container.ts";

export type BootFailure =
  | { reason: "not-isolated" }
  | { reason: "offline" }
  | { reason: "unsupported-browser"; detail: string }
  | { reason: "timeout"; afterMs: number }
  | { reason: "boot-error"; detail: string };

export class WebContainerUnavailable extends Error {
  readonly failure: BootFailure;
  constructor(failure: BootFailure) {
    super(describeBootFailure(failure));
    this.failure = failure;
  }
}

/** What the learner is told, and what they can do about it. */
export function describeBootFailure(failure: BootFailure): string {
  switch (failure.reason) {
    case "not-isolated":
      return "Node.js (WebContainer) needs a cross-origin isolated page, and this one is not (the host does not send the COOP/COEP headers). Your code runs in your browser instead; it behaves the same.";
    case "offline":
      return "You are offline, and Node.js (WebContainer) loads from StackBlitz's servers. Your code runs in your browser instead; it behaves the same.";
    case "unsupported-browser":
      return `This browser cannot run WebContainer (${failure.detail}). Use a recent Chrome, Edge or Firefox for Node.js; meanwhile your code runs in your browser.`;
    case "timeout":
      return `Node.js (WebContainer) did not start within ${Math.round(failure.afterMs / 1000)} s: it loads from StackBlitz's servers, so you may be offline or behind a firewall. Your code runs in your browser instead.`;
    case "boot-error":
      if (/cookie|storage/i.test(failure.detail)) {
        return "Node.js (WebContainer) could not start because third-party cookies or storage are blocked for stackblitz.com. Allow them for this site to use Node.js; meanwhile your code runs in your browser.";
      }
      if (/memory/i.test(failure.detail)) {
        return "Node.js (WebContainer) ran out of memory. Close other tabs and reload to try again; meanwhile your code runs in your browser.";
      }
      return `Node.js (WebContainer) failed to start: ${failure.detail}. Your code runs in your browser instead.`;
  }
}

/** A failure from earlier on this visit (another page of the tab): no new wait for it. */
export function describeEarlierBootFailure(failure: BootFailure): string {
  const why =
    failure.reason === "timeout"
      ? `it did not start within ${Math.round(failure.afterMs / 1000)} s`
      : failure.reason === "offline"
        ? "you were offline"
        : failure.reason === "boot-error"
          ? `it failed: ${failure.detail}`
          : failure.reason === "unsupported-browser"
            ? `this browser cannot run it (${failure.detail})`
            : "this page is not cross-origin isolated";
  return `Node.js (WebContainer) could not start earlier in this visit (${why}), so your code runs in your browser without waiting for it; it behaves the same. To try Node.js again, open the page in a new tab.`;
}

export interface BootEnvironment {
  crossOriginIsolated: boolean;
  hasSharedArrayBuffer: boolean;
  /**
   * `navigator.onLine`, read when needed (a getter on the page): false means certainly offline
   * (true proves nothing, hence the timeout).
   */
  readonly online: boolean;
  /** Loads and boots the real WebContainer (a dynamic import keeps it out of the page's first load). */
  boot: (apiKey: string | undefined) => Promise<Container>;
  apiKey: string | undefined;
  timeoutMs: number;
}

let shared: Promise<Container> | undefined;

/** Boots once per page; later callers get the same instance (or the same failure). */
export function bootOnce(env: BootEnvironment): Promise<Container> {
  shared ??= bootWithChecks(env);
  return shared;
}

/** For tests only. */
export function forgetSharedContainer(): void {
  shared = undefined;
}

async function bootWithChecks(env: BootEnvironment): Promise<Container> {
  if (!env.crossOriginIsolated) throw new WebContainerUnavailable({ reason: "not-isolated" });
  if (!env.online) throw new WebContainerUnavailable({ reason: "offline" });
  if (!env.hasSharedArrayBuffer)
    throw new WebContainerUnavailable({
      reason: "unsupported-browser",
      detail: "no SharedArrayBuffer",
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WebContainerUnavailable({ reason: "timeout", afterMs: env.timeoutMs })),
      env.timeoutMs,
    );
  });
  try {
    return await Promise.race([
      env.boot(env.apiKey).catch((error: unknown) => {
        throw new WebContainerUnavailable({
          reason: "boot-error",
          detail: error instanceof Error ? error.message : String(error),
        });
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The real boot, loaded on demand. */
export async function bootRealWebContainer(apiKey: string | undefined): Promise<Container> {
  const { WebContainer, configureAPIKey } = await import("@webcontainer/api");
  if (apiKey) configureAPIKey(apiKey);
  return (await WebContainer.boot({ coep: "require-corp" })) as unknown as Container;
}
