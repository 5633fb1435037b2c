/**
 * The only offline code a page loads up front (a few hundred bytes): in a secure context
 * (https, localhost) with service workers, it reloads the page when a new version takes over,
 * and loads the rest (src/offline/client.ts: registration, update prompt, offline control) once
 * the page is idle. Elsewhere (an attendee on http://<LAN address>, `astro dev`) nothing happens
 * and the site works as it always did, from the network.
 */
import { BEFORE_RELOAD_EVENT, type BeforeReloadDetail } from "../page-events.ts";

/** Waits for listeners' pending writes (Cost Drivers' queue), at most `limitMs`, then reloads. */
export async function reloadIntoNewVersion(limitMs = 3000): Promise<void> {
  const work: Promise<unknown>[] = [];
  const detail: BeforeReloadDetail = { waitFor: (promise) => work.push(promise) };
  window.dispatchEvent(new CustomEvent(BEFORE_RELOAD_EVENT, { detail }));
  await Promise.race([
    Promise.allSettled(work),
    new Promise((resolve) => setTimeout(resolve, limitMs)),
  ]);
  location.reload();
}

function start(): void {
  const container = navigator.serviceWorker;
  // A page that was already controlled reloads when another worker takes over (the learner chose
  // Reload here or in another tab): one version per page, all pages together. The first worker
  // taking over an uncontrolled page (first visit) is the same version: nothing to do.
  let controlled = container.controller !== null;
  container.addEventListener("controllerchange", () => {
    if (controlled) void reloadIntoNewVersion();
    controlled = true;
  });
  const load = () => void import("./client.ts").then((client) => client.start());
  const idle = () =>
    "requestIdleCallback" in window
      ? requestIdleCallback(load, { timeout: 3000 })
      : setTimeout(load, 1);
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
}

if (import.meta.env.PROD && window.isSecureContext && "serviceWorker" in navigator) start();
