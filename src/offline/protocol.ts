/**
 * What the pages and the service worker say to each other about the offline copy. Types and
 * constants only, so both sides (the page's DOM code and the worker, checked with different libs)
 * can import it.
 */

/** One built file the service worker knows, as the build wrote it into the worker. */
export interface OfflineEntry {
  /** Absolute path on the site, e.g. `/day-2/` or `/_astro/x.abc123.js`. */
  url: string;
  /** Content hash for files whose URL does not change with their content; null for hashed names. */
  revision: string | null;
  /** Subresource integrity (`sha384-...`): a fetched file that differs is refused. */
  integrity: string;
  /** Bytes on disk (uncompressed). */
  size: number;
}

/** What one build of the site can cache, written into `sw.js` at build time. */
export interface OfflineBuild {
  /** A hash of every entry: two builds with the same files have the same version. */
  version: string;
  /** Cached when the service worker installs: every page and what a first Run needs. */
  core: OfflineEntry[];
  /** Cached on first use, or all at once by "Make available offline". */
  lazy: OfflineEntry[];
}

export type OfflineState = "partial" | "downloading" | "complete" | "failed";

export interface OfflineStatus {
  version: string;
  state: OfflineState;
  /** Everything the course needs, in bytes (core and lazy). */
  totalBytes: number;
  /** What is in the cache now. */
  cachedBytes: number;
  totalFiles: number;
  cachedFiles: number;
  /** The learner asked for the whole course (and did not remove it since). */
  wanted: boolean;
  /** Why the last download stopped, in words for the learner. */
  error?: string;
}

/** Messages a page sends; every one is answered on the port it carries with an `OfflineStatus`. */
export type OfflineRequest =
  { type: "offline:status" } | { type: "offline:download" } | { type: "offline:remove" };

/** Sent to every open page while a download runs, and when it ends. */
export interface OfflineProgressMessage {
  type: "offline:progress";
  status: OfflineStatus;
}

/** Workbox's own message for "take over now" (workbox-window's `messageSkipWaiting`). */
export const SKIP_WAITING = "SKIP_WAITING";
