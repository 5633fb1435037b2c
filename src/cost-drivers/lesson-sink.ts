/**
 * On lesson pages: every sandbox call goes to Cost Drivers. Registers the recorder as a call sink
 * that loads on the first call, so the page does not load it up front.
 */
import { lazySink, registerCallSink } from "../call-sinks.ts";

registerCallSink(
  lazySink("Cost Drivers", () => import("./recorder.ts").then((module) => module.costDriversSink)),
);
