/**
 * Registers the service worker (workbox-window) and runs the two pieces of offline UI on every
 * page: the update prompt, shown when a new version is waiting, and the "Make available offline"
 * controls. Loaded by src/offline/register.ts once the page is idle, only where service workers
 * exist.
 */
import { messageSW, Workbox } from "workbox-window";
import { bindOfflineControls } from "./offline-control.ts";
import type { OfflineProgressMessage, OfflineRequest, OfflineStatus } from "./protocol.ts";
import { showUpdatePrompt } from "./update-prompt.ts";

/** How often an open page asks whether a new version was deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let started = false;

export async function start(): Promise<void> {
  if (started) return;
  started = true;
  const base = import.meta.env.BASE_URL.replace(/\/?$/, "/");
  const workbox = new Workbox(`${base}sw.js`, { scope: base });

  // A new version finished installing and waits for the learner (in this tab or another).
  workbox.addEventListener("waiting", () => {
    showUpdatePrompt(() => {
      workbox.messageSkipWaiting();
      // register.ts reloads on controllerchange; if the worker was already gone, reload anyway.
      setTimeout(() => location.reload(), 10_000);
    });
  });

  const registration = await workbox.register();
  if (!registration) return;

  const ask = async (request: OfflineRequest): Promise<OfflineStatus> => {
    const ready = await navigator.serviceWorker.ready;
    return (await messageSW(ready.active!, request)) as OfflineStatus;
  };
  const controls = bindOfflineControls(document, {
    status: () => ask({ type: "offline:status" }),
    download: () => ask({ type: "offline:download" }),
    remove: () => ask({ type: "offline:remove" }),
  });
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as OfflineProgressMessage | undefined;
    if (data?.type === "offline:progress") controls.render(data.status);
  });
  await controls.refresh();

  const checkForUpdate = () => {
    if (navigator.onLine) void workbox.update().catch(() => undefined);
  };
  addEventListener("online", checkForUpdate);
  setInterval(() => {
    if (document.visibilityState === "visible") checkForUpdate();
  }, UPDATE_CHECK_MS);
}
