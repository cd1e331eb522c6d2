// A small free list of shared byte buffers for raw input chunks. Each chunk is tens of
// MB; allocating a fresh SharedArrayBuffer per chunk makes the kernel fault in new
// pages, and a dropped one stays alive until every thread that saw it has run a full
// GC (see shared-arrays.ts): a windowed run, which reads its input once per window, grew
// by the size of its input per window. Sources take buffers here; the coordinator gives
// them back when a chunk has been encoded.

import { sharedUint8 } from "./shared-arrays.js";

// Enough for the chunks in flight and the one being filled, so a steady run allocates none.
const MAX_FREE = 8;
// Chunks of one file differ a little in bytes, and views and downloads lines differ in
// length: headroom lets one buffer serve them all.
const HEADROOM = 1.5;
const free: Uint8Array[] = [];

/** A shared byte array of exactly `length` bytes (a view into a pooled buffer). */
export function acquireSharedBytes(length: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    if (free[i].length >= length && (best === -1 || free[i].length < free[best].length)) best = i;
  }
  if (best !== -1) return free.splice(best, 1)[0].subarray(0, length);
  return sharedUint8(Math.ceil(length * HEADROOM) + 1024).subarray(0, length);
}

/** Returns a chunk's bytes to the pool: nothing may read them afterwards. */
export function releaseSharedBytes(bytes: Uint8Array): void {
  const whole = new Uint8Array(bytes.buffer, 0, bytes.buffer.byteLength);
  free.push(whole);
  if (free.length > MAX_FREE) {
    // Keep the larger buffers: they serve any chunk.
    free.sort((a, b) => b.length - a.length);
    free.pop();
  }
}
