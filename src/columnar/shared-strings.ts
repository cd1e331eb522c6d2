// A list of strings in Arrow's Utf8 layout (int32 offsets + UTF-8 bytes) in shared
// memory: how dictionaries travel between threads without a structured clone of each
// string (the record index's to the workers; a chunk's visitor and file ids back, from
// the worker's ByteDictionary).

import { sharedCopy, sharedInt32 } from "./shared-arrays.js";

export interface SharedStrings {
  offsets: Int32Array;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
// Reused by every call on this thread; the result is copied out at its length.
let scratch = new Uint8Array(1 << 16);

export function encodeStrings(strings: readonly string[]): SharedStrings {
  const offsets = sharedInt32(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    offsets[i] = total;
    const text = strings[i];
    const room = text.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (total + room > scratch.length) {
      const larger = new Uint8Array(Math.max(scratch.length * 2, total + room));
      larger.set(scratch.subarray(0, total));
      scratch = larger;
    }
    total = writeUtf8(text, total);
  }
  offsets[strings.length] = total;
  return { offsets, bytes: sharedCopy(scratch, total) };
}

/** Writes `text` at `at` in the scratch; returns where it ends. Ids are mostly ASCII: a plain loop. */
function writeUtf8(text: string, at: number): number {
  let position = at;
  for (let j = 0; j < text.length; j++) {
    const unit = text.charCodeAt(j);
    if (unit >= 0x80) return at + encoder.encodeInto(text, scratch.subarray(at)).written;
    scratch[position++] = unit;
  }
  return position;
}

export function decodeStrings(shared: SharedStrings): string[] {
  const count = shared.offsets.length - 1;
  const strings = new Array<string>(count);
  // A Buffer over the shared memory decodes without copying (TextDecoder refuses shared views).
  const bytes = Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength);
  for (let i = 0; i < count; i++) strings[i] = bytes.toString("utf8", shared.offsets[i], shared.offsets[i + 1]);
  return strings;
}

/** The string at `index` (for the few places that need an id as text: the search backend). */
export function stringAt(shared: SharedStrings, index: number): string {
  return Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength).toString("utf8", shared.offsets[index], shared.offsets[index + 1]);
}
