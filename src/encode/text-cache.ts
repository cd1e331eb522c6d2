// Codes computed from a value's text (a facet value, a community list, a record or
// parent id), kept per thread and keyed by the text's bytes: the same few texts recur on
// every event and across chunks. Codes that are all run-wide stay good while the record
// index that gave them is attached; chunk-local ones only in their own chunk. Texts and
// codes live in typed arrays (no object per text), and the cache starts over past a
// fixed size, so its memory stays small whatever the input.

import { ByteDictionary } from "../columnar/byte-dictionary.js";
import { MISSING } from "../columnar/encoded-chunk.js";
import { grownArray } from "../columnar/shared-arrays.js";

const ANY_CHUNK = -1;
const NEVER = -2;
/** Past this many distinct texts, or this many bytes of them, the cache starts over. */
const MAX_TEXTS = 1 << 15;
const INITIAL_TEXTS = 1 << 10;
const MAX_TEXT_BYTES = 4 << 20;
/**
 * Texts of at most four bytes (a country code with its quotes, a small number) are found
 * by their bytes packed into one int in a small table of their own: no byte hash, no
 * arena compare. JSON values hold no zero byte, so the zero padding tells lengths apart;
 * a text with one (or a full table) goes the general way.
 */
const SMALL_BITS = 10;
const SMALL_SLOTS = 1 << SMALL_BITS;
const SMALL_MAX = SMALL_SLOTS >> 1;

export class TextCache {
  private readonly texts = new ByteDictionary();
  /** The codes of every text, one after another: text t's are codes[first(t)] .. codes[end(t) - 1]. */
  codes = new Int32Array(1024);
  private codesLength = 0;
  // Per text number, grown as texts come (up to MAX_TEXTS): a thread has a dozen caches,
  // most of which see a few texts (no event names most facet keys).
  private starts: Int32Array = new Int32Array(INITIAL_TEXTS);
  private ends: Int32Array = new Int32Array(INITIAL_TEXTS);
  /** The chunk a text's codes are good in, ANY_CHUNK, or NEVER (not computed). */
  private validFor: Int32Array = new Int32Array(INITIAL_TEXTS).fill(NEVER);
  // The small texts' table: packed bytes (0: empty slot) and their text numbers.
  private readonly smallKeys = new Int32Array(SMALL_SLOTS);
  private readonly smallTexts = new Int32Array(SMALL_SLOTS);
  private smallCount = 0;
  private index = "";
  /** Counts the times it started over: a text number names the same text only within one generation. */
  generation = 0;
  private missed = 0;

  /** Starts over when the record index is another one (the codes are its). */
  useIndex(generation: string): void {
    if (generation === this.index) return;
    this.clear();
    this.index = generation;
  }

  /**
   * The text number of bytes[start, end) when its codes are good in `chunk`; else -1, and
   * the caller `keep`s the codes it computes before it looks up another text.
   */
  find(bytes: Uint8Array, start: number, end: number, chunk: number): number {
    if (this.texts.size >= MAX_TEXTS || this.texts.byteLength >= MAX_TEXT_BYTES) this.clear();
    const text = end - start <= 4 ? this.smallText(bytes, start, end) : this.texts.intern(bytes, start, end);
    if (text >= this.validFor.length) this.growTexts();
    const valid = this.validFor[text];
    if (valid === ANY_CHUNK || valid === chunk) return text;
    this.missed = text;
    return -1;
  }

  private smallText(bytes: Uint8Array, start: number, end: number): number {
    let packed = 0;
    for (let i = start; i < end; i++) {
      if (bytes[i] === 0) return this.texts.intern(bytes, start, end);
      packed |= bytes[i] << ((i - start) * 8);
    }
    if (packed === 0) return this.texts.intern(bytes, start, end); // empty
    const mask = SMALL_SLOTS - 1;
    let slot = Math.imul(packed, 0x9e3779b1) >>> (32 - SMALL_BITS);
    for (; this.smallKeys[slot] !== 0; slot = (slot + 1) & mask) if (this.smallKeys[slot] === packed) return this.smallTexts[slot];
    const text = this.texts.intern(bytes, start, end);
    if (this.smallCount < SMALL_MAX) {
      this.smallKeys[slot] = packed;
      this.smallTexts[slot] = text;
      this.smallCount++;
    }
    return text;
  }

  /** Stores the codes of the text `find` missed last; returns its text number. */
  keep(codes: readonly number[], chunk: number): number {
    const text = this.missed;
    // A stale text (another chunk's local codes) gets its new codes at the end.
    if (this.codesLength + codes.length > this.codes.length) this.growCodes(this.codesLength + codes.length);
    let local = false;
    this.starts[text] = this.codesLength;
    for (const code of codes) {
      this.codes[this.codesLength++] = code;
      if (code < 0 && code !== MISSING) local = true;
    }
    this.ends[text] = this.codesLength;
    this.validFor[text] = local ? chunk : ANY_CHUNK;
    return text;
  }

  /** Whether text number `text` of this generation has codes good in `chunk`. */
  validIn(text: number, chunk: number): boolean {
    const valid = this.validFor[text];
    return valid === ANY_CHUNK || valid === chunk;
  }

  first(text: number): number {
    return this.starts[text];
  }

  end(text: number): number {
    return this.ends[text];
  }

  private growTexts(): void {
    const capacity = Math.min(MAX_TEXTS, this.validFor.length * 2);
    this.starts = grownArray(this.starts, capacity);
    this.ends = grownArray(this.ends, capacity);
    this.validFor = grownArray(this.validFor, capacity, NEVER);
  }

  private growCodes(needed: number): void {
    this.codes = grownArray(this.codes, Math.max(needed, this.codes.length * 2));
  }

  private clear(): void {
    this.texts.reset();
    this.smallKeys.fill(0);
    this.smallCount = 0;
    this.codesLength = 0;
    this.validFor.fill(NEVER);
    this.generation++;
  }
}
