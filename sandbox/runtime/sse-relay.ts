/**
 * Passes a provider's server-sent events through to the SDK, reading the usage on the way and
 * dropping the usage-only chat chunk when the instrumentation (not the caller) asked for it.
 * Calls `onEnd` once: at the end of the stream, or when the reader cancels it.
 */
import type { CallApi, Units } from "../../shared/calls/event.ts";
import { unitsFromUsage } from "./usage.ts";

type UsageArg = Parameters<typeof unitsFromUsage>[1];

function usageIn(api: CallApi, data: string): { units: Units | null; usageOnlyChunk: boolean } {
  if (data === "[DONE]") return { units: null, usageOnlyChunk: false };
  try {
    const parsed = JSON.parse(data) as {
      usage?: UsageArg;
      choices?: unknown[];
      type?: string;
      response?: { usage?: UsageArg };
    };
    if (api === "responses") {
      return {
        units:
          parsed.type === "response.completed" || parsed.type === "response.incomplete"
            ? unitsFromUsage(api, parsed.response?.usage)
            : null,
        usageOnlyChunk: false,
      };
    }
    const units = unitsFromUsage(api, parsed.usage);
    return {
      units,
      usageOnlyChunk:
        units !== null && Array.isArray(parsed.choices) && parsed.choices.length === 0,
    };
  } catch {
    return { units: null, usageOnlyChunk: false };
  }
}

function dataOf(block: string): string | null {
  const lines = block.split("\n").filter((line) => line.startsWith("data:"));
  return lines.length ? lines.map((line) => line.slice(5).trimStart()).join("\n") : null;
}

export function relaySse(
  body: ReadableStream<Uint8Array>,
  api: CallApi,
  hideUsageChunk: boolean,
  onEnd: (units: Units | null, cancelled: boolean) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = "";
  let units: Units | null = null;
  let ended = false;
  const end = (cancelled: boolean) => {
    if (ended) return;
    ended = true;
    onEnd(units, cancelled);
  };
  // Events end with a blank line; keep an unfinished one for the next chunk.
  const takeBlocks = (final: boolean): string => {
    const normalised = buffer.replace(/\r\n/g, "\n");
    const cut = final ? normalised.length : normalised.lastIndexOf("\n\n") + 2;
    if (cut < 2 && !final) return "";
    const complete = normalised.slice(0, cut);
    buffer = normalised.slice(cut);
    let out = "";
    for (const block of complete.split(/(?<=\n\n)/)) {
      const data = dataOf(block);
      if (data !== null) {
        const found = usageIn(api, data);
        if (found.units) units = found.units;
        if (hideUsageChunk && found.usageOnlyChunk) continue;
      }
      out += block;
    }
    return out;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Loop until something is enqueued: a pull that enqueues nothing is not called again.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = takeBlocks(true);
          if (rest) controller.enqueue(encoder.encode(rest));
          end(false);
          controller.close();
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        const out = takeBlocks(false);
        if (out) {
          controller.enqueue(encoder.encode(out));
          return;
        }
      }
    },
    async cancel(reason) {
      end(true);
      await reader.cancel(reason);
    },
  });
}
