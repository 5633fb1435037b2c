/**
 * On lesson pages: while the learner is in a workshop room, every sandbox call also goes to the
 * room. Nothing of the workshop loads up front: the membership check loads with the first call,
 * and the forwarder only for members.
 */
import { lazySink, registerCallSink } from "../../call-sinks.ts";

registerCallSink(
  lazySink("workshop room", async () => {
    const { hasMembership } = await import("./membership.ts");
    const room = lazySink("workshop room", () =>
      import("./room-sink.ts").then((module) => module.roomSink),
    );
    return {
      name: room.name,
      receive: (calls) => (hasMembership() ? room.receive(calls) : undefined),
    };
  }),
);
