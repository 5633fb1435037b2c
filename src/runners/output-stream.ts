/** Turns a runner's raw output into text and events, with the same decoder the CLI uses. */
import { EventStreamDecoder } from "../../shared/calls/channel-decoder.ts";
import type { RunOutput } from "./types.ts";

export function createOutputSink(onOutput: (output: RunOutput) => void): {
  push(text: string): void;
  end(): void;
} {
  const decoder = new EventStreamDecoder();
  const deliver = (chunks: ReturnType<EventStreamDecoder["push"]>) => {
    for (const chunk of chunks) {
      onOutput(
        chunk.kind === "text"
          ? { kind: "text", text: chunk.text }
          : { kind: "event", event: chunk.event },
      );
    }
  };
  return {
    push: (text) => deliver(decoder.push(text)),
    end: () => deliver(decoder.flush()),
  };
}
