// The group kernel's distinct passes (group-partition.ts): for one counted field (visitor,
// record, parent, file), how many distinct codes each item saw.
//
// No sets: the events are put in order by day and, within a day, by code (two counting
// sorts), so all events of a day with the same code are adjacent, and an item sees a new
// code exactly when the code differs from the last one it saw. Code order alone would be
// exact (an item holds one day); going day by day keeps the items being touched (one
// day's) few enough for the cache: without it the default shape's group ran 1.18x slower.
//
// The sorts move each event's key and day (then key and code) with it, in pairs side by
// side, rather than event numbers that every later step would look up in the event
// columns: at 10M events those lookups were a cache miss each, several per event. The
// second sort writes to one stream per day, the last step reads in order.

import { MISSING } from "../columnar/encoded-chunk.js";

/** Each event's day (offset in the run) and key, one entry per counted event. */
export interface KeyedEvents {
  readonly length: number;
  readonly day: Int32Array;
  readonly key: Int32Array;
}

/** Which items each key touches: keys' slots[slotOffsets[key] .. slotOffsets[key + 1]). */
export interface KeySlots {
  readonly slotOffsets: Int32Array;
  readonly slots: Int32Array;
  readonly keyCount: number;
  readonly itemCount: number;
}

/**
 * Counts distinct codes per item, field after field, with the sorts' memory made once for
 * the four passes (not four pairs of garbage at the peak). Each loop is a function of its
 * own (see EventKeyer in group-partition.ts).
 */
export class DistinctCounter {
  /** (key, day) pairs in code order. */
  private readonly byCode: Int32Array;
  /** (key, code) pairs in day order, code order within a day. */
  private readonly byDay: Int32Array;

  constructor(
    private readonly events: KeyedEvents,
    private readonly dayCount: number,
    private readonly keys: KeySlots,
  ) {
    this.byCode = new Int32Array(events.length * 2);
    this.byDay = new Int32Array(events.length * 2);
  }

  /** Per item, the distinct codes among its events; `codes` per event (MISSING: not counted), all below codeCount. */
  count(codes: Int32Array, codeCount: number): Int32Array {
    const { events, dayCount, keys } = this;
    // Counts, then starts (prefix sums), then, as the sorts place events, ends.
    const codeEnds = new Int32Array(codeCount + 1);
    countCodes(codes, events.length, codeEnds);
    prefixSums(codeEnds, codeCount);
    const dayEnds = new Int32Array(dayCount + 1);
    placeByCode(codes, events, codeEnds, this.byCode, dayEnds);
    prefixSums(dayEnds, dayCount);
    // placeByCode moved each code's start to its end; codeEnds[codeCount] is the total.
    placeByDay(this.byCode, codeEnds, codeCount, dayEnds, this.byDay);
    return countPerItem(this.byDay, codeEnds[codeCount], keys);
  }
}

/** counts[code + 1]: the events with that code (MISSING left out). */
function countCodes(codes: Int32Array, eventCount: number, counts: Int32Array): void {
  for (let event = 0; event < eventCount; event++) if (codes[event] !== MISSING) counts[codes[event] + 1]++;
}

/** counts[0 .. n]: each entry becomes the sum of those up to it (counts[n]: the total). */
function prefixSums(counts: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
}

/**
 * The counted events' (key, day) in code order (first sort; codeStarts[c] ends at c's
 * end), and dayCounts[day + 1]: how many are on each day.
 */
function placeByCode(codes: Int32Array, events: KeyedEvents, codeStarts: Int32Array, byCode: Int32Array, dayCounts: Int32Array): void {
  const { length, day, key } = events;
  for (let event = 0; event < length; event++) {
    const code = codes[event];
    if (code === MISSING) continue;
    const at = codeStarts[code]++ * 2;
    byCode[at] = key[event];
    byCode[at + 1] = day[event];
    dayCounts[day[event] + 1]++;
  }
}

/** The pairs of byCode as (key, code), by day, stably (second sort): day by day, code order within. */
function placeByDay(byCode: Int32Array, codeEnds: Int32Array, codeCount: number, dayStarts: Int32Array, byDay: Int32Array): void {
  let at = 0;
  for (let code = 0; code < codeCount; code++) {
    for (const end = codeEnds[code] * 2; at < end; at += 2) {
      const to = dayStarts[byCode[at + 1]]++ * 2;
      byDay[to] = byCode[at];
      byDay[to + 1] = code;
    }
  }
}

/**
 * Invariants: lastCode[slot] is the largest code counted for the slot so far (a slot and a
 * key hold one day); when keyCode[key] is the pair's code, every slot of the key has it
 * already (the events of a key that repeat a code are skipped whole).
 */
function countPerItem(byDay: Int32Array, counted: number, keys: KeySlots): Int32Array {
  const { slotOffsets, slots, keyCount, itemCount } = keys;
  const counts = new Int32Array(itemCount);
  const lastCode = new Int32Array(itemCount).fill(-1);
  const keyCode = new Int32Array(keyCount).fill(-1);
  for (let at = 0; at < counted * 2; at += 2) {
    const key = byDay[at];
    const code = byDay[at + 1];
    if (keyCode[key] === code) continue;
    keyCode[key] = code;
    for (let s = slotOffsets[key]; s < slotOffsets[key + 1]; s++) {
      const slot = slots[s];
      if (lastCode[slot] !== code) {
        lastCode[slot] = code;
        counts[slot]++;
      }
    }
  }
  return counts;
}
