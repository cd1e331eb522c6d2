// Dense codes for ids (visitors, files) across the chunks a group task reads, by their
// bytes: each chunk sends its ids as its own dictionary (shared UTF-8), its columns hold
// chunk-local codes, and the task that counts them gives each distinct id one code of its
// own. No run-wide dictionary: an item's events are all counted by one task, so codes need
// to agree only within it. The bytes stay where the chunk put them (no copy, no string);
// a chunk-local code is looked up once per chunk, on first use.

import { hashBytes } from "./byte-dictionary.js";
import { localIndex, MISSING } from "./encoded-chunk.js";
import { grownArray } from "./shared-arrays.js";
import type { SharedStrings } from "./shared-strings.js";

const EMPTY = 0; // table slots hold code + 1

export class IdCodes {
  /** Each chunk's id bytes, by the order the chunks were used in. */
  private readonly sources: Uint8Array[] = [];
  /** Per code: the source its bytes are in, where they start and end, their hash. */
  private source = new Int32Array(1024);
  private start = new Int32Array(1024);
  private end = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private table = new Int32Array(2048);
  private count = 0;
  // The chunk in use: its offsets, bytes, source number, and local index -> code (-1: not yet).
  private offsets: Int32Array = new Int32Array(1);
  private bytes: Uint8Array = new Uint8Array(0);
  private current = -1;
  private remap = new Int32Array(0);

  get size(): number {
    return this.count;
  }

  /** Reads the codes of a chunk whose ids are `ids` from now on. */
  useChunk(ids: SharedStrings): void {
    this.offsets = ids.offsets;
    this.bytes = ids.bytes;
    this.current = this.sources.length;
    this.sources.push(ids.bytes);
    this.remap = new Int32Array(ids.offsets.length - 1).fill(-1);
  }

  /** The code of a chunk-local code of the chunk in use (MISSING stays MISSING). */
  code(local: number): number {
    if (local === MISSING) return MISSING;
    const index = localIndex(local);
    const known = this.remap[index];
    return known >= 0 ? known : (this.remap[index] = this.intern(this.offsets[index], this.offsets[index + 1]));
  }

  private intern(from: number, to: number): number {
    const hash = hashBytes(this.bytes, from, to);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let entry = this.table[slot]; entry !== EMPTY; entry = this.table[slot]) {
      if (this.hashes[entry - 1] === hash && this.sameBytes(entry - 1, from, to)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const code = this.count++;
    if (code === this.source.length) this.grow();
    this.source[code] = this.current;
    this.start[code] = from;
    this.end[code] = to;
    this.hashes[code] = hash;
    // Load factor at most one half: short probe sequences.
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.table[slot] = code + 1;
    return code;
  }

  private sameBytes(code: number, from: number, to: number): boolean {
    const at = this.start[code];
    if (this.end[code] - at !== to - from) return false;
    const other = this.sources[this.source[code]];
    const bytes = this.bytes;
    for (let i = from; i < to; i++) if (other[at + i - from] !== bytes[i]) return false;
    return true;
  }

  private grow(): void {
    const capacity = this.source.length * 2;
    for (const name of ["source", "start", "end", "hashes"] as const) this[name] = grownArray(this[name], capacity);
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let code = 0; code < this.count; code++) {
      let slot = this.hashes[code] & mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.table[slot] = code + 1;
    }
  }
}
