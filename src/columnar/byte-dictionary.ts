// A dictionary keyed by UTF-8 bytes: for the ids that are only ever counted (visitors,
// files), never printed, and for values a worker reads once per distinct text. Workers
// intern ids straight from the input bytes and send them as shared UTF-8 (no string per
// event, no structured clone of string arrays); the coordinator interns those run-wide.
// No JS strings: an open-addressing hash table over a byte arena, all in typed arrays,
// so neither side spends heap or collector time on millions of ids.

import { grownArray, sharedCopy } from "./shared-arrays.js";
import type { SharedStrings } from "./shared-strings.js";

const EMPTY = 0; // table slots hold code + 1

/**
 * What a chunk's visitor and file ids are interned in: a ByteDictionary, or its twin in
 * the WebAssembly scanner's memory, which interns them as it reads them (wasm-id-dictionary.ts).
 */
export interface IdDictionary {
  readonly size: number;
  /** Empties it for the next chunk. */
  reset(): void;
  intern(bytes: Uint8Array, start: number, end: number, hash?: number): number;
  /**
   * The code of an id the scanner read, bytes[start, end): `code` is the one the scanner's
   * dictionary gave it as it read it (-1: none, then it is interned here).
   */
  internScanned(code: number, bytes: Uint8Array, start: number, end: number, hash: number): number;
  toSharedStrings(): SharedStrings;
}

export class ByteDictionary implements IdDictionary {
  private arena = new Uint8Array(1 << 16);
  private arenaWords = wordView(this.arena);
  private arenaLength = 0;
  /** Per code: where its bytes start in the arena (starts[code + 1] is where they end). */
  private starts = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private table = new Int32Array(2048);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes of all its strings. */
  get byteLength(): number {
    return this.arenaLength;
  }

  /** Empties it, keeping its memory (a worker's per-chunk dictionaries are reused). */
  reset(): void {
    this.count = 0;
    this.arenaLength = 0;
    this.table.fill(EMPTY);
  }

  /** Run-wide codes for a chunk's local strings: remap[i] is the code of local code -1-i. */
  internAll(strings: SharedStrings): Int32Array {
    const { offsets, bytes } = strings;
    const remap = new Int32Array(offsets.length - 1);
    for (let i = 0; i < remap.length; i++) remap[i] = this.intern(bytes, offsets[i], offsets[i + 1]);
    return remap;
  }

  /** The strings in code order, as shared UTF-8 (what a chunk's dictionary sends). */
  toSharedStrings(): SharedStrings {
    return { offsets: sharedCopy(this.starts, this.count + 1), bytes: sharedCopy(this.arena, this.arenaLength) };
  }

  /** The id behind a code (for the search backend, which indexes ids as text). */
  text(code: number): string {
    return Buffer.from(this.arena.buffer, this.starts[code], this.starts[code + 1] - this.starts[code]).toString("utf8");
  }

  /** No scanner interns into a ByteDictionary (`code` is always -1): interned here. */
  internScanned(_code: number, bytes: Uint8Array, start: number, end: number, hash: number): number {
    return this.intern(bytes, start, end, hash);
  }

  /** The code of bytes[start, end), added when new; `hash`: their hashBytes, when known. */
  intern(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === EMPTY) break;
      const code = entry - 1;
      if (this.hashes[code] === hash && this.sameBytes(code, bytes, start, end)) return code;
    }
    return this.add(hash, bytes, start, end);
  }

  private add(hash: number, bytes: Uint8Array, start: number, end: number): number {
    const code = this.count++;
    if (this.count + 1 >= this.starts.length) {
      this.starts = grownArray(this.starts, this.starts.length * 2);
      this.hashes = grownArray(this.hashes, this.hashes.length * 2);
    }
    const length = end - start;
    if (this.arenaLength + length > this.arena.length) {
      this.arena = grownArray(this.arena, Math.max(this.arena.length * 2, this.arenaLength + length));
      this.arenaWords = wordView(this.arena);
    }
    this.arena.set(bytes.subarray(start, end), this.arenaLength);
    this.starts[code] = this.arenaLength;
    this.arenaLength += length;
    this.starts[code + 1] = this.arenaLength;
    this.hashes[code] = hash;
    // Load factor at most one half: short probe sequences.
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(code);
    return code;
  }

  private place(code: number): void {
    const mask = this.table.length - 1;
    let slot = this.hashes[code] & mask;
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.table[slot] = code + 1;
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity);
    for (let code = 0; code < this.count; code++) this.place(code);
  }

  private sameBytes(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.starts[code];
    if (this.starts[code + 1] - at !== end - start) return false;
    // Four bytes a step, then the rest one by one.
    const words = wordsOf(bytes);
    let i = start;
    for (; i + 4 <= end; i += 4) if (this.arenaWords.getInt32(at + i - start, true) !== words.getInt32(i, true)) return false;
    for (; i < end; i++) if (this.arena[at + i - start] !== bytes[i]) return false;
    return true;
  }
}

/**
 * A 32-bit hash of bytes[start, end), four bytes per step (ids and value texts run to
 * tens of bytes: a byte-at-a-time chain of multiplies was the cost of interning), then
 * mixed so that the low bits (the table position) depend on every byte.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = Math.imul(end - start, 0x9e3779b1);
  const words = wordsOf(bytes);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const word = words.getInt32(i, true); // bytes i .. i + 3, little-endian
    hash = Math.imul(hash ^ word, 0x5bd1e995);
    hash ^= hash >>> 15;
  }
  for (; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

function wordView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// The bytes read last as words (a view made once per source: a chunk's ids come from one buffer).
let wordSource: Uint8Array | null = null;
let sourceWords: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** `bytes` read as little-endian words at any offset. */
function wordsOf(bytes: Uint8Array): DataView {
  if (bytes !== wordSource) {
    wordSource = bytes;
    sourceWords = wordView(bytes);
  }
  return sourceWords;
}
