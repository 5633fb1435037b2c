/**
 * The dashboard's one way in for data (room-model.ts): stream events become reducer actions, each
 * change names the parts of the page to redraw, and the service's clock offset keeps "12 s ago"
 * right when the two clocks disagree.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { RoomModel } from "../../../../src/workshop/instructor/room-model.ts";
import { ROOM, attendee, at, call, referenceSnapshot, resetSeq } from "./instructor-fixtures.ts";

test("each stream event redraws only the parts it changed", () => {
  resetSeq();
  const model = new RoomModel(() => Date.parse(at(100)));
  const first = call({ attendee: "ana" });
  const snapshot = referenceSnapshot([attendee("ana"), attendee("bo")], [first]);
  assert.deepEqual(
    new Set(model.receive({ event: "snapshot", data: snapshot })),
    new Set(["room", "totals", "attendees", "useCases", "feed"]),
  );
  assert.equal(model.state.totals.requests, 1);

  assert.deepEqual(
    new Set(model.receive({ event: "calls", data: { calls: [call({ attendee: "bo" })] } })),
    new Set(["totals", "attendees", "useCases", "feed"]),
  );
  assert.equal(model.state.totals.requests, 2);

  // A call the snapshot already counted changes nothing, so nothing is redrawn.
  assert.deepEqual(model.receive({ event: "calls", data: { calls: [first] } }), []);

  // A join: the attendee count (totals) and the names in the feed, not the use cases.
  assert.deepEqual(
    new Set(model.receive({ event: "attendee", data: attendee("cy", "Cy") })),
    new Set(["attendees", "totals", "feed"]),
  );
  assert.deepEqual(model.receive({ event: "attendee", data: attendee("cy", "Cy") }), []);

  assert.deepEqual(model.receive({ event: "room", data: { ...ROOM, frozen: true } }), ["room"]);
  assert.equal(model.state.room?.frozen, true);

  model.receive({ event: "deleted", data: {} });
  assert.equal(model.state.deleted, true);
  model.clear();
  assert.equal(model.state.room, null);
  assert.equal(model.state.totals.requests, 0);
});

test("the service's time is this clock less the smallest lag a call arrived with", () => {
  resetSeq();
  let clock = Date.parse(at(10)) + 60_000;
  const model = new RoomModel(() => clock);
  assert.equal(model.now(), clock, "before any call, this clock");
  model.receive({ event: "snapshot", data: referenceSnapshot([attendee("ana")], []) });
  // A call received at second 10 arrives when this clock says a minute later: it runs 60 s ahead.
  model.receive({ event: "calls", data: { calls: [call({ seq: 10 })] } });
  assert.equal(model.now(), Date.parse(at(10)));
  // A later call that took longer to arrive does not make the offset bigger.
  clock = Date.parse(at(20)) + 65_000;
  model.receive({ event: "calls", data: { calls: [call({ seq: 20 })] } });
  assert.equal(model.now(), clock - 60_000);
  model.clear();
  assert.equal(model.now(), clock, "another room: the offset is measured again");
});
