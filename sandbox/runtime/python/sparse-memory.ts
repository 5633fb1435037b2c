/**
 * A memory image without its zero pages. Most of Pyodide's 31 MB of memory after a boot is zeros:
 * gzip shrinks them to nothing, but inflating still writes them all out, which was most of the
 * time a boot from the snapshot spent inflating. Packed: "PSM1", the image's length, the number
 * of runs, each run's offset and length (u32, little-endian), then the runs' bytes.
 */
const MAGIC = 0x314d5350; // "PSM1"
const PAGE = 4096;

function isZero(image: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (image[i] !== 0) return false;
  return true;
}

export function packMemory(image: Uint8Array): Uint8Array {
  const runs: [number, number][] = [];
  for (let at = 0; at < image.length; at += PAGE) {
    const end = Math.min(at + PAGE, image.length);
    if (isZero(image, at, end)) continue;
    const last = runs.at(-1);
    if (last && last[0] + last[1] === at) last[1] += end - at;
    else runs.push([at, end - at]);
  }
  const head = 12 + runs.length * 8;
  const packed = new Uint8Array(head + runs.reduce((n, [, length]) => n + length, 0));
  const view = new DataView(packed.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, image.length, true);
  view.setUint32(8, runs.length, true);
  let data = head;
  runs.forEach(([offset, length], i) => {
    view.setUint32(12 + i * 8, offset, true);
    view.setUint32(16 + i * 8, length, true);
    packed.set(image.subarray(offset, offset + length), data);
    data += length;
  });
  return packed;
}

export function unpackMemory(packed: Uint8Array): Uint8Array {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.byteLength < 12 || view.getUint32(0, true) !== MAGIC)
    throw new Error("not a packed memory image");
  const image = new Uint8Array(view.getUint32(4, true));
  const count = view.getUint32(8, true);
  let data = 12 + count * 8;
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(12 + i * 8, true);
    const length = view.getUint32(16 + i * 8, true);
    image.set(packed.subarray(data, data + length), offset);
    data += length;
  }
  return image;
}
