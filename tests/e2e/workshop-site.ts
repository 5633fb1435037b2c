/** Where the browser tests reach the workshop room service (started by playwright.config.ts). */

/** The room service serving the same build as the preview server. */
export const WORKSHOP_PORT = 4398;

/**
 * A host name for the room service that is not localhost (Chromium maps it to 127.0.0.1), so pages
 * opened through it are not a secure context, exactly like attendees' pages on
 * http://<LAN address>:4400.
 */
export const LAN_HOST = "workshop.test";

/** The instructor's origin: loopback, where rooms may be created. */
export const INSTRUCTOR_ORIGIN = `http://127.0.0.1:${WORKSHOP_PORT}`;
/** An attendee's origin, over the "LAN" name. */
export const ATTENDEE_ORIGIN = `http://${LAN_HOST}:${WORKSHOP_PORT}`;
