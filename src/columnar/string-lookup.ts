// A read-only string -> code lookup over a list of shared strings (SharedStrings), whose
// table is shared memory too: built once (the coordinator, for the record index) and
// used by every worker as it is. A worker then attaches the record index without
// decoding its strings or filling Maps of its own (~50 ms a worker for 50,000 records).

import { hashBytes } from "./byte-dictionary.js";
import { sharedInt32 } from "./shared-arrays.js";
import type { SharedStrings } from "./shared-strings.js";

const EMPTY = 0; // table slots hold code + 1

/** What a chunk's dictionaries ask of the codes a worker already knows. */
export interface StringCodes {
  get(value: string): number | undefined;
}

/** The shared open-addressing table of `strings` (load factor at most one half). */
export function buildLookupTable(strings: SharedStrings): Int32Array {
  const count = strings.offsets.length - 1;
  const table = sharedInt32(1 << Math.ceil(Math.log2(Math.max(2, count * 2))));
  const mask = table.length - 1;
  for (let code = 0; code < count; code++) {
    let slot = hashBytes(strings.bytes, strings.offsets[code], strings.offsets[code + 1]) & mask;
    while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
    table[slot] = code + 1;
  }
  return table;
}

const encoder = new TextEncoder();
// The looked-up string's UTF-8, reused by every lookup on this thread.
let scratch = new Uint8Array(256);

export class StringLookup implements StringCodes {
  constructor(
    private readonly strings: SharedStrings,
    private readonly table: Int32Array,
  ) {}

  get(value: string): number | undefined {
    const length = utf8(value); // first: it may replace the scratch
    const code = this.codeOfBytes(scratch, 0, length);
    return code >= 0 ? code : undefined;
  }

  /** The code of the string whose UTF-8 is bytes[start, end), -1 when it has none (no string made); `hash`: their hashBytes, when known. */
  codeOfBytes(source: Uint8Array, start: number, end: number, hash = hashBytes(source, start, end)): number {
    const length = end - start;
    const { offsets, bytes } = this.strings;
    const mask = this.table.length - 1;
    for (let slot = hash & mask; this.table[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const code = this.table[slot] - 1;
      const at = offsets[code];
      if (offsets[code + 1] - at !== length) continue;
      let i = 0;
      while (i < length && bytes[at + i] === source[start + i]) i++;
      if (i === length) return code;
    }
    return -1;
  }
}

/** Writes `value` as UTF-8 into the scratch; returns its length. Ids are mostly ASCII: a plain loop. */
function utf8(value: string): number {
  if (scratch.length < value.length * 3) scratch = new Uint8Array(value.length * 3);
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x80) return encoder.encodeInto(value, scratch).written;
    scratch[i] = unit;
  }
  return value.length;
}
