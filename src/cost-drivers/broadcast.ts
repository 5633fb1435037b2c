/**
 * The BroadcastChannel between recorders (lesson pages) and Cost Drivers pages, in any tab of this
 * browser. Messages only say that the store changed; the page reads the store itself, so a missed
 * message costs nothing but freshness.
 */
export const CHANNEL_NAME = "payi-cost-drivers";

export type CostDriversMessage =
  /** New calls were written; keys up to `lastKey` are in the store. */
  | { type: "recorded"; count: number; lastKey: number; pruned: number }
  /** The store was emptied (Clear data) or deleted and recreated: read it again from the start. */
  | { type: "reset" }
  /** Calls could not be stored (quota, storage unavailable). */
  | { type: "error"; message: string };

/** A channel, or `undefined` where there is none (old browsers, some test environments). */
export function openChannel(): BroadcastChannel | undefined {
  try {
    return typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : undefined;
  } catch {
    return undefined;
  }
}

export function isCostDriversMessage(value: unknown): value is CostDriversMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "recorded" || type === "reset" || type === "error";
}
