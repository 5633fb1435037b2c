import assert from "node:assert/strict";
import { test } from "node:test";
import {
  batchFitter,
  byteLength,
  createMemoryOutbox,
  fitBatch,
  type QueuedCall,
} from "../../../../src/workshop/attendee/outbox.ts";
import { event } from "../cost-drivers/calls.ts";

function queued(roomCode: string, id: string, bytes = 100): QueuedCall {
  return {
    roomCode,
    call: {
      id,
      event: event(),
      meta: { runId: "r", sandboxId: "s", lesson: "day-1", runner: "browser", recordedAt: "t" },
    },
    bytes,
  };
}

test("a batch is bounded by count and by the bytes of the body it becomes", () => {
  const records = Array.from({ length: 10 }, () => ({ bytes: 100 }));
  assert.equal(fitBatch(records, 4, 10_000).length, 4);
  // {"calls":[]} is 12 bytes; each record after the first adds a comma.
  assert.equal(fitBatch(records, 100, 12 + 100 * 3 + 2).length, 3);
  assert.equal(fitBatch(records, 100, 12 + 100 * 3 + 1).length, 2);
  // The body really is that long.
  const body = JSON.stringify({ calls: ["a".repeat(98), "b".repeat(98), "c".repeat(98)] });
  assert.equal(byteLength(body), 12 + 100 * 3 + 2);
});

test("a single call bigger than the limit is returned alone, so it cannot block the queue", () => {
  const records = [{ bytes: 5_000 }, { bytes: 10 }];
  assert.deepEqual(fitBatch(records, 100, 1_000), [{ bytes: 5_000 }]);
  const fits = batchFitter(100, 1_000);
  assert.equal(fits({ bytes: 5_000 }), true);
  assert.equal(fits({ bytes: 1 }), false);
});

test("byteLength counts UTF-8 bytes, not characters", () => {
  assert.equal(byteLength("abc"), 3);
  assert.equal(byteLength("Zoë"), 4);
  assert.equal(byteLength("😀"), 4);
});

test("memory outbox: oldest first, per room, removed by key, counted", async () => {
  const outbox = createMemoryOutbox();
  await outbox.add([queued("AAAAAA", "a-1"), queued("BBBBBB", "b-1"), queued("AAAAAA", "a-2")]);
  const taken = await outbox.take("AAAAAA", 10, 100_000);
  assert.deepEqual(
    taken.map((record) => record.call.id),
    ["a-1", "a-2"],
  );
  assert.equal(await outbox.count("AAAAAA"), 2);
  await outbox.remove([taken[0]!.key], "AAAAAA", { sent: 1 });
  assert.equal(await outbox.count("AAAAAA"), 1);
  assert.equal((await outbox.stats("AAAAAA")).sent, 1);
  assert.equal(await outbox.dropOtherRooms("AAAAAA"), 1);
  assert.equal(await outbox.count("BBBBBB"), 0);
  await outbox.clear("AAAAAA");
  assert.equal(await outbox.count("AAAAAA"), 0);
  assert.equal((await outbox.stats("AAAAAA")).sent, 0, "a cleared room starts its counts again");
});

test("room stats add up and keep the last notice until it is replaced or cleared", async () => {
  const outbox = createMemoryOutbox();
  await outbox.note("AAAAAA", { sent: 3 });
  await outbox.note("AAAAAA", { dropped: 2, notice: "2 calls were not sent.", frozen: true });
  let stats = await outbox.stats("AAAAAA");
  assert.equal(stats.sent, 3);
  assert.equal(stats.dropped, 2);
  assert.equal(stats.frozen, true);
  assert.equal(stats.notice, "2 calls were not sent.");
  assert.ok(stats.noticeAt);
  await outbox.note("AAAAAA", { sent: 1 });
  assert.equal((await outbox.stats("AAAAAA")).notice, "2 calls were not sent.");
  await outbox.note("AAAAAA", { sent: 1, frozen: false, notice: null });
  stats = await outbox.stats("AAAAAA");
  assert.equal(stats.sent, 5);
  assert.equal(stats.frozen, false);
  assert.equal(stats.notice, null);
  assert.equal(stats.noticeAt, null);
});
