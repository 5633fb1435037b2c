/**
 * Events of the page itself, which one part of the site fires and others listen to, so neither
 * imports the other (the offline course fires, Cost Drivers listens).
 */

/**
 * Fired on `window` before the page reloads into a new version; listeners call `waitFor` with
 * work that must finish first (writes still queued for storage).
 */
export const BEFORE_RELOAD_EVENT = "payi:before-reload";
export interface BeforeReloadDetail {
  waitFor(work: Promise<unknown>): void;
}
