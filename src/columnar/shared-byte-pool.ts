// A small free list of shared byte buffers for raw input chunks. Each chunk is tens of
// MB; allocating a fresh SharedArrayBuffer per chunk makes the kernel fault in new
// pages and the garbage collector chase external memory. Sources take buffers here;
// the coordinator gives them back when a chunk has been encoded.

import { sharedUint8 } from "./shared-arrays.js";

const MAX_FREE = 2;
const free: Uint8Array[] = [];

/** A shared byte array of exactly `length` bytes (a view into a pooled buffer). */
export function acquireSharedBytes(length: number): Uint8Array {
  for (let i = 0; i < free.length; i++) {
    if (free[i].length >= length) {
      const [buffer] = free.splice(i, 1);
      return buffer.subarray(0, length);
    }
  }
  // Some headroom, so the next chunk (of similar size) fits the same buffer.
  return sharedUint8(Math.ceil(length * 1.25) + 1024).subarray(0, length);
}

/** Returns a chunk's bytes to the pool: nothing may read them afterwards. */
export function releaseSharedBytes(bytes: Uint8Array): void {
  const whole = new Uint8Array(bytes.buffer, 0, bytes.buffer.byteLength);
  if (free.length >= MAX_FREE) free.shift();
  free.push(whole);
}
