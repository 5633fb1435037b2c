/**
 * An in-process sandbox for semantics tests: the real `openai` SDK over the mock provider, with
 * the runtime reset before each test. Calls are made synchronously inside scopes, so these tests
 * need no compiler; propagation across `await` is tested through compiled programs elsewhere.
 */
import { observeEventsForTests } from "../../../../sandbox/runtime/event-channel.ts";
import { observeProviderForTests, SandboxOpenAI } from "../../../../sandbox/runtime/client.ts";
import { configureHost } from "../../../../sandbox/runtime/host-hooks.ts";
import { resetRuntimeForTests } from "../../../../sandbox/runtime/testing.ts";
import type { CallEvent, UncapturedCall } from "../../../../shared/calls/event.ts";

export interface Sandbox {
  events: CallEvent[];
  /** Calls that reached the provider without instrumentation. */
  uncaptured: UncapturedCall[];
  output: () => string;
  /** Headers the provider received, per call. */
  providerHeaders: Headers[];
  client: SandboxOpenAI;
  ask: (headers?: Record<string, string>) => Promise<unknown>;
  close: () => void;
}

export function freshSandbox(entryFile = "lesson.ts"): Sandbox {
  resetRuntimeForTests();
  let text = "";
  const events: CallEvent[] = [];
  const uncaptured: UncapturedCall[] = [];
  const providerHeaders: Headers[] = [];
  configureHost({ write: (chunk) => void (text += chunk), latencyScale: 0, entryFile });
  const unsubscribe = observeEventsForTests((event) => {
    if (event.type === "call") events.push(event);
    else uncaptured.push(event);
  });
  observeProviderForTests((_input, init) => void providerHeaders.push(new Headers(init?.headers)));
  const client = new SandboxOpenAI();
  const ask = (headers?: Record<string, string>) =>
    client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me a joke" }] },
      headers ? { headers } : undefined,
    );
  return {
    events,
    uncaptured,
    output: () => text,
    providerHeaders,
    client,
    ask,
    close: unsubscribe,
  };
}

/** The only event, failing loudly if there is not exactly one. */
export function only(events: CallEvent[]): CallEvent {
  if (events.length !== 1) throw new Error(`expected exactly 1 event, got ${events.length}`);
  return events[0]!;
}
