/**
 * Words and times for the dashboard. Money and token counts come from the live panel's format.ts,
 * so the room shows the same "$0.0000089" a learner sees in their own sandbox.
 */

/**
 * "12 s ago", "3 min ago", "2 h ago". A time a little in the future (the service's clock ahead of
 * this one) reads "just now", never "-2 s ago".
 */
export function relativeTime(iso: string | null, now: number): string {
  if (iso === null) return "no calls yet";
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return "?";
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The call's time of day on the instructor's clock ("10:04:12"). */
export function clockTime(iso: string): string {
  const then = Date.parse(iso);
  return Number.isFinite(then) ? CLOCK.format(then) : "?";
}
