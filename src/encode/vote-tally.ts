// Counts per code for a chunk (its label votes, SPEC section 4): in typed arrays,
// run-wide codes (>= 0) and chunk-local ones (negative) apart, and the codes in the order
// of their first vote. Reused by every chunk a thread encodes: no map update per vote.

import { localIndex } from "../columnar/encoded-chunk.js";
import { grownArray, Int32ColumnBuilder } from "../columnar/shared-arrays.js";

export class VoteTally {
  private known: Int32Array = new Int32Array(1024);
  private local: Int32Array = new Int32Array(256);
  private readonly voted = new Int32ColumnBuilder(1024);

  /** Room for codes 0 .. count - 1 at once (no doubling past what they need). */
  reserve(count: number): void {
    if (count > this.known.length) {
      const next = new Int32Array(count);
      next.set(this.known);
      this.known = next;
    }
  }

  /** Forgets the last chunk's votes. */
  reset(): void {
    const codes = this.voted.filled();
    for (let v = 0; v < codes.length; v++) this.set(codes[v], 0);
    this.voted.reset();
  }

  add(code: number, votes: number): void {
    const before = this.get(code);
    if (before === 0) this.voted.push(code);
    this.set(code, before + votes);
  }

  /** The codes voted for (first vote first) and their votes. */
  result(): { voteCodes: Int32Array; voteCounts: Int32Array } {
    const voteCodes = this.voted.filled().slice();
    const voteCounts = new Int32Array(voteCodes.length);
    for (let v = 0; v < voteCodes.length; v++) voteCounts[v] = this.get(voteCodes[v]);
    return { voteCodes, voteCounts };
  }

  private get(code: number): number {
    if (code >= 0) return code < this.known.length ? this.known[code] : 0;
    const i = localIndex(code);
    return i < this.local.length ? this.local[i] : 0;
  }

  private set(code: number, votes: number): void {
    if (code >= 0) {
      if (code >= this.known.length) this.known = grownArray(this.known, Math.max(code + 1, this.known.length * 2));
      this.known[code] = votes;
    } else {
      const i = localIndex(code);
      if (i >= this.local.length) this.local = grownArray(this.local, Math.max(i + 1, this.local.length * 2));
      this.local[i] = votes;
    }
  }
}
