/**
 * The course's service worker, on Workbox: one `PrecacheController` holds every file of this
 * build (revisioned cache keys, integrity-checked fetches, clean-up of other versions' files on
 * activation); the install event fetches only the core files, the rest arrive on first use (a
 * route that repairs the precache) or all at once when a page asks ("Make available offline").
 *
 * Versions never mix in one page (docs/decisions.md, "Offline course"): a new worker waits until
 * the learner chooses Reload, and at that moment every open page reloads; requests still coming
 * from a page of the previous version are refused rather than answered with the new files.
 * Responses are stored with the headers they came with, so pages from the cache keep COOP/COEP
 * (cross-origin isolation) and files keep CORP.
 */
import { PrecacheController } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import type {
  OfflineBuild,
  OfflineEntry,
  OfflineProgressMessage,
  OfflineRequest,
  OfflineStatus,
} from "../protocol.ts";
import { SKIP_WAITING } from "../protocol.ts";

declare const self: ServiceWorkerGlobalScope;
declare const __OFFLINE_BUILD__: OfflineBuild;

const BUILD = __OFFLINE_BUILD__;
const CACHE_NAME = "payi-course-offline";
const STATE_CACHE = "payi-course-offline-state";
const WANTED_KEY = "/__offline/wanted";
const VERSION_KEY = "/__offline/version";
/** Parallel fetches of a download: enough to fill a link, few enough not to starve pages. */
const DOWNLOAD_CONCURRENCY = 4;

const precache = new PrecacheController({ cacheName: CACHE_NAME });
precache.addToCacheList(
  [...BUILD.core, ...BUILD.lazy].map(({ url, revision, integrity }) => ({
    url,
    revision,
    integrity,
  })),
);
const allEntries = [...BUILD.core, ...BUILD.lazy];
const byHref = new Map(
  allEntries.map((entry) => [new URL(entry.url, self.location.href).href, entry]),
);

// ---- Small state kept beside the files (the Cache API, like everything else here) ----

async function readState(key: string): Promise<string | undefined> {
  const response = await (await caches.open(STATE_CACHE)).match(key);
  return response ? response.text() : undefined;
}

async function writeState(key: string, value: string | undefined): Promise<void> {
  const cache = await caches.open(STATE_CACHE);
  if (value === undefined) await cache.delete(key);
  else await cache.put(key, new Response(value));
}

// ---- Which entry answers a request ----

/** The entry for a URL: query ignored (a static site), `/day-2` and `/day-2/index.html` as `/day-2/`. */
function entryFor(url: URL): OfflineEntry | undefined {
  if (url.origin !== self.location.origin) return undefined;
  const bare = new URL(url.pathname, url.origin);
  const candidates = [bare.href];
  if (bare.pathname.endsWith("/index.html"))
    candidates.push(bare.href.slice(0, -"index.html".length));
  else if (!bare.pathname.endsWith("/") && !/\.[^/]+$/.test(bare.pathname))
    candidates.push(`${bare.href}/`);
  for (const href of candidates) {
    const entry = byHref.get(href);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * A same-origin request for the entry's canonical URL. Stylesheets and classic scripts arrive as
 * no-cors requests, which cannot carry an integrity value and which Workbox would not store; the
 * same file fetched this way can, and its response answers the original request just as well.
 */
function requestFor(entry: OfflineEntry, cacheMode: RequestCache = "default"): Request {
  return new Request(entry.url, {
    credentials: "same-origin",
    integrity: entry.integrity,
    cache: cacheMode,
  });
}

function params(entry: OfflineEntry) {
  const cacheKey = precache.getCacheKeyForURL(entry.url)!;
  return { cacheKey, integrity: entry.integrity };
}

// ---- Pages of the version this worker replaced ----

/** Clients that were open when this worker took over from an older version: they reload now. */
const previousVersionClients = new Set<string>();

registerRoute(
  ({ url, request }) => request.method === "GET" && entryFor(url) !== undefined,
  async ({ event, request, url }) => {
    const fetchEvent = event as FetchEvent;
    if (request.mode !== "navigate" && previousVersionClients.has(fetchEvent.clientId)) {
      // This page is of the previous version and is reloading; a new file would mix versions.
      return Response.error();
    }
    const entry = entryFor(url)!;
    return precache.strategy.handle({ event, request: requestFor(entry), params: params(entry) });
  },
);

// ---- Lifecycle ----

/** Caches entries that are missing, `concurrency` at a time; reports each one cached. */
async function cacheEntries(
  entries: OfflineEntry[],
  event: ExtendableEvent,
  onCached: (entry: OfflineEntry) => void = () => undefined,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry && !shouldStop(); entry = queue.shift()) {
      // Revisioned URLs bypass the HTTP cache, which could hold another deployment's copy.
      const request = requestFor(entry, entry.revision ? "reload" : "default");
      await precache.strategy.handle({ event, request, params: params(entry) });
      onCached(entry);
    }
  };
  await Promise.all(Array.from({ length: DOWNLOAD_CONCURRENCY }, worker));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      await cacheEntries(BUILD.core, event);
      // A learner who made the course available offline keeps it complete across updates: the
      // new version's changed files are fetched before it can take over. Best effort: a
      // failure here leaves the download to be resumed by the page.
      if ((await readState(WANTED_KEY)) === "yes") {
        await cacheEntries(await missing(BUILD.lazy), event).catch(() => undefined);
      }
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const previous = await readState(VERSION_KEY);
      if (previous && previous !== BUILD.version) {
        for (const client of await self.clients.matchAll({
          includeUncontrolled: true,
          type: "all",
        }))
          previousVersionClients.add(client.id);
      }
      // Deletes every cached file that is not this version's.
      await precache.activate(event);
      await writeState(VERSION_KEY, BUILD.version);
      // The first visit's page (not controlled yet) gets its later fetches cached too.
      await self.clients.claim();
    })(),
  );
});

// ---- The offline copy: status, download, removal ----

async function cachedUrls(): Promise<Set<string>> {
  const keys = await (await caches.open(CACHE_NAME)).keys();
  return new Set(keys.map((request) => request.url));
}

async function missing(entries: OfflineEntry[]): Promise<OfflineEntry[]> {
  const cached = await cachedUrls();
  return entries.filter((entry) => !cached.has(params(entry).cacheKey));
}

let download: { promise: Promise<void>; stopped: boolean } | undefined;
let lastError: string | undefined;

async function status(): Promise<OfflineStatus> {
  const cached = await cachedUrls();
  const present = allEntries.filter((entry) => cached.has(params(entry).cacheKey));
  const cachedBytes = present.reduce((sum, entry) => sum + entry.size, 0);
  const totalBytes = allEntries.reduce((sum, entry) => sum + entry.size, 0);
  const complete = present.length === allEntries.length;
  return {
    version: BUILD.version,
    state: complete ? "complete" : download ? "downloading" : lastError ? "failed" : "partial",
    totalBytes,
    cachedBytes,
    totalFiles: allEntries.length,
    cachedFiles: present.length,
    wanted: (await readState(WANTED_KEY)) === "yes",
    ...(lastError && !complete ? { error: lastError } : {}),
  };
}

async function broadcast(): Promise<void> {
  const message: OfflineProgressMessage = { type: "offline:progress", status: await status() };
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

function startDownload(event: ExtendableEvent): Promise<void> {
  if (download) return download.promise;
  const current = { promise: Promise.resolve(), stopped: false };
  lastError = undefined;
  current.promise = (async () => {
    await writeState(WANTED_KEY, "yes");
    let lastReport = 0;
    try {
      await cacheEntries(
        await missing(allEntries),
        event,
        () => {
          // One message per file is plenty, and at most ten a second.
          if (Date.now() - lastReport < 100) return;
          lastReport = Date.now();
          void broadcast();
        },
        () => current.stopped,
      );
    } catch (error) {
      lastError = `The download stopped: ${(error as Error).message || String(error)}. Check your connection and try again.`;
    } finally {
      download = undefined;
      await broadcast();
    }
  })();
  download = current;
  return current.promise;
}

async function removeOfflineCopy(): Promise<void> {
  if (download) download.stopped = true;
  await download?.promise;
  await writeState(WANTED_KEY, undefined);
  lastError = undefined;
  // What every page needs stays (the worker's own precache); what the download added goes.
  const cache = await caches.open(CACHE_NAME);
  for (const entry of BUILD.lazy) await cache.delete(params(entry).cacheKey);
  await broadcast();
}

self.addEventListener("message", (event) => {
  const data = event.data as OfflineRequest | { type: typeof SKIP_WAITING } | undefined;
  if (data?.type === SKIP_WAITING) {
    void self.skipWaiting();
    return;
  }
  const reply = (work: Promise<unknown>) =>
    event.waitUntil(
      work.then(
        async () => event.ports[0]?.postMessage(await status()),
        async () => event.ports[0]?.postMessage(await status()),
      ),
    );
  if (data?.type === "offline:status") reply(Promise.resolve());
  else if (data?.type === "offline:download") reply(startDownload(event));
  else if (data?.type === "offline:remove") reply(removeOfflineCopy());
});
