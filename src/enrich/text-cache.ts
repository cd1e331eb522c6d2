// Results computed from a value's text (a facet value, a community list, a parent id),
// kept per thread and keyed by the text's bytes: the same few texts recur on every event
// and across chunks. A result that holds only run-wide codes stays good while the record
// index that gave them is attached; one with chunk-local codes only in its own chunk.

import { ByteDictionary } from "../columnar/byte-dictionary.js";
import { MISSING } from "../columnar/encoded-chunk.js";

const ANY_CHUNK = -1;
/** Past this many distinct texts the cache starts over: bounded memory on unusual input. */
const MAX_TEXTS = 1 << 18;

export class TextCache {
  private readonly texts = new ByteDictionary();
  private entries: (Int32Array | undefined)[] = [];
  private validIn: number[] = [];
  private index = "";
  private lastText = 0;

  /** Starts over when the record index is another one (entries hold its codes). */
  useIndex(generation: string): void {
    if (generation === this.index) return;
    this.clear();
    this.index = generation;
  }

  /** The entry for the text bytes[start, end) valid in `chunk`, or undefined: then `keep` the one computed. */
  find(bytes: Uint8Array, start: number, end: number, chunk: number): Int32Array | undefined {
    if (this.texts.size >= MAX_TEXTS) this.clear();
    const text = (this.lastText = this.texts.intern(bytes, start, end));
    const valid = this.validIn[text];
    return valid === ANY_CHUNK || valid === chunk ? this.entries[text] : undefined;
  }

  /** Stores the entry of the text last passed to `find`. */
  keep(entry: Int32Array, chunk: number): Int32Array {
    this.entries[this.lastText] = entry;
    this.validIn[this.lastText] = entry.some((code) => code < 0 && code !== MISSING) ? chunk : ANY_CHUNK;
    return entry;
  }

  private clear(): void {
    this.texts.reset();
    this.entries = [];
    this.validIn = [];
  }
}
