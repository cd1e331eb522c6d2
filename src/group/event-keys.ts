// Event keys: the events of a day that share type, communities and facet values touch
// exactly the same items, so the group kernel finds those items once per key (a dense
// number) instead of once per event. A key is (day, type, the event's community list, its
// own facet list, the record whose facets it takes), compared whole: two events get the
// same key only when all of it is equal.
// A key is stored as its first event (chunk and row): the lists are compared where the
// chunks hold them, not copied.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { mixWord, sameRange } from "../columnar/int-hash.js";

const EMPTY = -1;

export class EventKeys {
  size = 0;
  /** Whether the last `key` call made a new key. */
  created = false;
  /** Per key: its first event's chunk and row, and its hash. */
  // Sized for one key per event (pages never written take no memory): no copies as it fills.
  private readonly chunkOf: Int32Array;
  private readonly rowOf: Int32Array;
  // Kept, not recomputed: a growing table re-places every key by its hash alone (reading
  // each key's lists again cost ~1 s per 10M events), and a probe compares lists only
  // where the hashes agree.
  private readonly hashes: Int32Array;
  private table: Int32Array = new Int32Array(2048).fill(EMPTY);

  constructor(
    private readonly chunks: readonly EncodedChunkBuffers[],
    capacity: number,
  ) {
    this.chunkOf = new Int32Array(capacity);
    this.rowOf = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** The key of row i of chunk `chunk`. */
  key(chunk: number, i: number): number {
    const c = this.chunks[chunk];
    const hash = hashOf(c, i);
    const mask = this.table.length - 1;
    let position = hash & mask;
    for (; ; position = (position + 1) & mask) {
      const key = this.table[position];
      if (key === EMPTY) break;
      if (this.hashes[key] === hash && this.same(key, c, i)) {
        this.created = false;
        return key;
      }
    }
    this.created = true;
    return this.add(position, chunk, i, hash);
  }

  private same(key: number, c: EncodedChunkBuffers, i: number): boolean {
    const k = this.chunks[this.chunkOf[key]];
    const r = this.rowOf[key];
    if (k.day[r] !== c.day[i] || k.type[r] !== c.type[i] || k.recordFacets[r] !== c.recordFacets[i]) return false;
    return (
      sameRange(k.communities, k.communityOffsets[r], k.communityOffsets[r + 1], c.communities, c.communityOffsets[i], c.communityOffsets[i + 1]) &&
      sameRange(k.facets, k.facetOffsets[r], k.facetOffsets[r + 1], c.facets, c.facetOffsets[i], c.facetOffsets[i + 1])
    );
  }

  private add(position: number, chunk: number, row: number, hash: number): number {
    const key = this.size++;
    this.chunkOf[key] = chunk;
    this.rowOf[key] = row;
    this.hashes[key] = hash;
    this.table[position] = key;
    // Load factor at most one half: short probe sequences.
    if (this.size * 2 > this.table.length) this.rehash(this.table.length * 2);
    return key;
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (let key = 0; key < this.size; key++) {
      let position = this.hashes[key] & mask;
      while (this.table[position] !== EMPTY) position = (position + 1) & mask;
      this.table[position] = key;
    }
  }
}

/** A hash of the row's day, type, record facets and lists. */
function hashOf(c: EncodedChunkBuffers, i: number): number {
  let hash = mixWord(Math.imul(c.day[i] ^ 0x2545f491, 0x9e3779b1) ^ c.type[i], c.recordFacets[i]);
  for (let j = c.communityOffsets[i]; j < c.communityOffsets[i + 1]; j++) hash = mixWord(hash, c.communities[j]);
  hash = mixWord(hash, c.communityOffsets[i + 1] - c.communityOffsets[i]);
  for (let j = c.facetOffsets[i]; j < c.facetOffsets[i + 1]; j++) hash = mixWord(hash, c.facets[j]);
  return hash ^ (hash >>> 16);
}
