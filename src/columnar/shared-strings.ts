// A list of strings in Arrow's Utf8 layout (int32 offsets + UTF-8 bytes) in shared
// memory: how dictionaries (record ids, community ids, facet ids...) travel to workers.

import { makeData, makeVector, Utf8, type Vector } from "apache-arrow";
import { sharedInt32, sharedUint8 } from "./shared-arrays.js";

export interface SharedStrings {
  offsets: Int32Array;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

export function encodeStrings(strings: readonly string[]): SharedStrings {
  const encoded = strings.map((s) => encoder.encode(s));
  const offsets = sharedInt32(strings.length + 1);
  let total = 0;
  for (let i = 0; i < encoded.length; i++) {
    offsets[i] = total;
    total += encoded[i].length;
  }
  offsets[strings.length] = total;
  const bytes = sharedUint8(total);
  for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i], offsets[i]);
  return { offsets, bytes };
}

export function decodeStrings(shared: SharedStrings): string[] {
  const count = shared.offsets.length - 1;
  const strings = new Array<string>(count);
  // A Buffer over the shared memory decodes without copying (TextDecoder refuses shared views).
  const bytes = Buffer.from(shared.bytes.buffer, shared.bytes.byteOffset, shared.bytes.byteLength);
  for (let i = 0; i < count; i++) strings[i] = bytes.toString("utf8", shared.offsets[i], shared.offsets[i + 1]);
  return strings;
}

/** The same strings as an Arrow Utf8 vector (zero-copy over the shared buffers). */
export function stringsVector(shared: SharedStrings): Vector<Utf8> {
  return makeVector(
    makeData({ type: new Utf8(), length: shared.offsets.length - 1, nullCount: 0, valueOffsets: shared.offsets, data: shared.bytes }),
  );
}
