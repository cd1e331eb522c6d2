// The text numbers (text-cache.ts) of the values found in a line tail (seen-tails.ts):
// a value in a tail already seen is the same text as before, so its text number is looked
// up by (tail, slot) instead of hashing its bytes again. Slots: a subcount key's index, or
// COMMUNITIES_SLOT. An entry holds while both the tails and the text cache are of the
// generation it was made in, and the caller checks the chunk its codes are good in.

import { grownArray } from "../columnar/shared-arrays.js";
import type { EventSpans } from "../parse/event-spans.js";
import type { TextCache } from "./text-cache.js";

export class TailTexts {
  /** Per tail: the tails' generation its entries belong to (+1; 0: none yet). */
  private tailGeneration: Int32Array = new Int32Array(1024);
  /** Per (tail, slot): the text number, and the text cache's generation it belongs to (-1: none). */
  private texts: Int32Array;
  private cacheGeneration: Int32Array;

  constructor(private readonly slots: number) {
    this.texts = new Int32Array(1024 * slots);
    this.cacheGeneration = new Int32Array(1024 * slots).fill(-1);
  }

  /** The text number of the value of `field` in this line's tail, or -1 (not in a tail, or not known). */
  get(spans: EventSpans, field: number, slot: number, cache: TextCache, chunk: number): number {
    if (!spans.inTail(field)) return -1;
    const tail = spans.tail;
    if (tail >= this.tailGeneration.length || this.tailGeneration[tail] !== spans.tailGeneration + 1) return -1;
    const at = tail * this.slots + slot;
    if (this.cacheGeneration[at] !== cache.generation) return -1;
    const text = this.texts[at];
    return cache.validIn(text, chunk) ? text : -1;
  }

  /** Notes the text number of the value of `field` (when it is in this line's tail). */
  set(spans: EventSpans, field: number, slot: number, cache: TextCache, text: number): void {
    if (!spans.inTail(field)) return;
    const tail = spans.tail;
    if (tail >= this.tailGeneration.length) this.grow(tail);
    if (this.tailGeneration[tail] !== spans.tailGeneration + 1) {
      this.tailGeneration[tail] = spans.tailGeneration + 1;
      this.cacheGeneration.fill(-1, tail * this.slots, (tail + 1) * this.slots);
    }
    const at = tail * this.slots + slot;
    this.texts[at] = text;
    this.cacheGeneration[at] = cache.generation;
  }

  private grow(tail: number): void {
    const capacity = Math.max(tail + 1, this.tailGeneration.length * 2);
    this.tailGeneration = grownArray(this.tailGeneration, capacity);
    this.texts = grownArray(this.texts, capacity * this.slots);
    this.cacheGeneration = grownArray(this.cacheGeneration, capacity * this.slots, -1);
  }
}
