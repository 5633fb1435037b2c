/** The snapshot's memory without its zero pages: packed and unpacked, it is the same image. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { packMemory, unpackMemory } from "../../../../sandbox/runtime/python/sparse-memory.ts";

test("an image packs without its zero pages and unpacks to the same bytes", () => {
  const image = new Uint8Array(10 * 4096 + 100);
  image[5] = 1; // page 0
  image.fill(7, 3 * 4096, 5 * 4096 + 1); // pages 3, 4 and 5, one run
  image[10 * 4096 + 99] = 9; // the short last page
  const packed = packMemory(image);
  assert.ok(packed.length < 6 * 4096, `${packed.length} bytes: the zero pages were kept`);
  assert.deepEqual(unpackMemory(packed), image);
});

test("an image of zeros packs to its header; anything else is refused", () => {
  const zeros = new Uint8Array(3 * 4096);
  assert.equal(packMemory(zeros).length, 12);
  assert.deepEqual(unpackMemory(packMemory(zeros)), zeros);
  assert.throws(() => unpackMemory(new Uint8Array(16)), /not a packed memory image/);
});
