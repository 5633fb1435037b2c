/**
 * The data engine in a worker of its own: reading and adding up 50,000 calls happens here, and
 * the page only draws what comes back. The first message gives the learner's choices.
 */
import { DataEngine } from "./engine.ts";
import type { EngineMessage, PageMessage } from "./protocol.ts";

const scope = globalThis as unknown as {
  postMessage(message: EngineMessage): void;
  addEventListener(type: "message", listener: (event: MessageEvent<PageMessage>) => void): void;
};

const engine = new DataEngine((message) => scope.postMessage(message));
let started = false;

scope.addEventListener("message", (event) => {
  const message = event.data;
  if (!started && message.type === "choices") {
    started = true;
    engine.start(message.choices);
    return;
  }
  engine.receive(message);
});
