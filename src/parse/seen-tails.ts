// Line tails already read: the rest of an event line from its first member whose value is
// a list or an object (in InvenioRDM's events the enrichment block: communities and the
// record's metadata, the same bytes on every event of a record). A tail whose bytes were
// read before is not scanned again: its fields' spans are replayed from the first reading.
// Exact because the bytes decide everything: a tail starts at a member's key inside the
// line's object, so the same bytes from there to the end of the line scan the same way
// (the same members, the same validity) whatever came before them.

import { mixWord } from "../columnar/int-hash.js";
import { grownArray } from "../columnar/shared-arrays.js";

/** Tails shorter than this are scanned: looking them up would cost about as much. */
export const MIN_TAIL_BYTES = 64;
/** Longer tails are scanned too: they are rare, and would crowd out the others. */
export const MAX_TAIL_BYTES_ONE = 64 << 10;
/** Past this many tails, or this many bytes of them, it starts over (bounded memory per thread). */
const MAX_TAILS = 1 << 16;
const MAX_TAIL_BYTES = 4 << 20;
/** Per field read in a tail: field, start and end (relative to the tail), kind | plainAscii << 8. */
const WORDS = 4;

export class SeenTails {
  // The tails' bytes, one after another, and per tail where they start, their length and
  // the hash of their ends; an open-addressing table from that hash (tail + 1, 0 free).
  private arena = Buffer.allocUnsafe(1 << 20);
  private arenaLength = 0;
  private starts: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  private table: Int32Array = new Int32Array(4096);
  private count = 0;
  /** Per tail: its replay words' start in `replay`, -1 while not read; its end; where its last value ends (relative). */
  private from: Int32Array = new Int32Array(1024).fill(-1);
  private to: Int32Array = new Int32Array(1024);
  private lastEnd: Int32Array = new Int32Array(1024);
  private replay: Int32Array = new Int32Array(1 << 14);
  private replayLength = 0;
  /** Counts the times it started over: a tail's number names the same bytes only within one generation. */
  generation = 0;

  /**
   * The number of the tail bytes[start, end) (at least MIN_TAIL_BYTES; a new one is added,
   * not yet read). Hashed by its length and its first and last bytes only; the bytes are
   * then compared whole (natively), so tails that differ only in between are told apart.
   */
  find(bytes: Buffer, start: number, end: number): number {
    const length = end - start;
    if (this.count >= MAX_TAILS || this.arenaLength + length > MAX_TAIL_BYTES) this.clear();
    const hash = endsHash(bytes, start, end);
    const mask = this.table.length - 1;
    let position = hash & mask;
    for (; ; position = (position + 1) & mask) {
      const entry = this.table[position];
      if (entry === 0) break;
      const tail = entry - 1;
      if (this.hashes[tail] !== hash || this.lengths[tail] !== length) continue;
      const at = this.starts[tail];
      if (bytes.compare(this.arena, at, at + length, start, end) === 0) return tail;
    }
    return this.add(bytes, start, end, hash, position);
  }

  private add(bytes: Buffer, start: number, end: number, hash: number, position: number): number {
    const tail = this.count++;
    if (tail >= this.from.length) this.grow();
    const length = end - start;
    if (this.arenaLength + length > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.min(MAX_TAIL_BYTES, Math.max(this.arena.length * 2, this.arenaLength + length)));
      this.arena.copy(next, 0, 0, this.arenaLength);
      this.arena = next;
    }
    bytes.copy(this.arena, this.arenaLength, start, end);
    this.starts[tail] = this.arenaLength;
    this.lengths[tail] = length;
    this.hashes[tail] = hash;
    this.arenaLength += length;
    this.table[position] = tail + 1;
    // Load factor at most one quarter: short probe sequences.
    if (this.count * 4 > this.table.length) this.rehash(this.table.length * 2);
    return tail;
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let tail = 0; tail < this.count; tail++) {
      let position = this.hashes[tail] & mask;
      while (this.table[position] !== 0) position = (position + 1) & mask;
      this.table[position] = tail + 1;
    }
  }

  /** Whether the tail was read before (then `fields` and `valuesEnd` replay it). */
  known(tail: number): boolean {
    return this.from[tail] >= 0;
  }

  /** Where its last member's value ended, relative to the tail's start. */
  valuesEnd(tail: number): number {
    return this.lastEnd[tail];
  }

  /** Its fields read, as words (field, start, end, kind | plainAscii << 8) in `words` from `first(tail)` to `end(tail)`. */
  get words(): Int32Array {
    return this.replay;
  }

  first(tail: number): number {
    return this.from[tail];
  }

  end(tail: number): number {
    return this.to[tail];
  }

  /** Keeps what a full scan of the tail found: `words[0, length)` and where its values end. */
  keep(tail: number, words: Int32Array, length: number, valuesEnd: number): void {
    if (this.replayLength + length > this.replay.length) {
      this.replay = grownArray(this.replay, Math.max(this.replay.length * 2, this.replayLength + length));
    }
    this.replay.set(words.subarray(0, length), this.replayLength);
    this.from[tail] = this.replayLength;
    this.replayLength += length;
    this.to[tail] = this.replayLength;
    this.lastEnd[tail] = valuesEnd;
  }

  private grow(): void {
    const capacity = this.from.length * 2;
    this.from = grownArray(this.from, capacity, -1);
    this.to = grownArray(this.to, capacity);
    this.lastEnd = grownArray(this.lastEnd, capacity);
    this.starts = grownArray(this.starts, capacity);
    this.lengths = grownArray(this.lengths, capacity);
    this.hashes = grownArray(this.hashes, capacity);
  }

  private clear(): void {
    this.count = 0;
    this.arenaLength = 0;
    this.table.fill(0);
    this.from.fill(-1);
    this.replayLength = 0;
    this.generation++;
  }
}

/** A hash of a tail's length and its first and last 32 bytes (a tail has at least 64). */
function endsHash(b: Uint8Array, start: number, end: number): number {
  let hash = Math.imul(end - start, 0x9e3779b1);
  for (let i = start; i < start + 32; i += 4) hash = mixWord(hash, b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
  for (let i = end - 32; i < end; i += 4) hash = mixWord(hash, b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

export { WORDS as TAIL_WORDS };
