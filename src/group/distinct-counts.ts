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
//
// Before the sorts, an event is left out when its key's last event kept had the same code:
// same key, so the same items, and the same code, so it adds nothing to any item's set.
// A key names its record when the event takes the record's facets (event-keys.ts), so
// records and parents keep about one event per key; on busy records (the repetitive
// shape, ~7 events a key) the sorts then walk 15% of the events for those fields.

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
  /** The kept events' (key, day) pairs (keepChanges), then (key, code) pairs in day order, code order within a day. */
  private readonly byDay: Int32Array;
  /** Per key: the code of its last event kept (-1 none yet). */
  private readonly keyCode: Int32Array;

  constructor(
    private readonly events: KeyedEvents,
    private readonly dayCount: number,
    private readonly keys: KeySlots,
  ) {
    this.byCode = new Int32Array(events.length * 2);
    this.byDay = new Int32Array(events.length * 2);
    this.keyCode = new Int32Array(keys.keyCount);
  }

  /**
   * Per item, the distinct codes among its events; `codes` per event (MISSING: not
   * counted), all below codeCount. `codes` is scratch once read: the kept events' codes
   * are written over it (each field is counted once).
   */
  count(codes: Int32Array, codeCount: number): Int32Array {
    const { events, dayCount, keys, byDay, keyCode } = this;
    // Counts, then starts (prefix sums), then, as the sorts place events, ends.
    const codeEnds = new Int32Array(codeCount + 1);
    keyCode.fill(-1);
    const kept = keepChanges(codes, events, keyCode, byDay, codeEnds);
    prefixSums(codeEnds, codeCount);
    const dayEnds = new Int32Array(dayCount + 1);
    placeByCode(codes, byDay, kept, codeEnds, this.byCode, dayEnds);
    prefixSums(dayEnds, dayCount);
    // placeByCode moved each code's start to its end; codeEnds[codeCount] is the total.
    placeByDay(this.byCode, codeEnds, codeCount, dayEnds, byDay);
    return countPerItem(byDay, kept, keys, keyCode);
  }
}

/**
 * The events that may add a code to their items: those whose code differs from their
 * key's last kept one (MISSING left out). Their (key, day) pairs go to `pairs` and their
 * codes over `codes`, in event order; counts[code + 1]: the kept events with that code.
 * Returns how many were kept.
 */
function keepChanges(codes: Int32Array, events: KeyedEvents, keyCode: Int32Array, pairs: Int32Array, counts: Int32Array): number {
  const { length, day, key } = events;
  let kept = 0;
  for (let event = 0; event < length; event++) {
    const code = codes[event];
    const k = key[event];
    if (code === MISSING || keyCode[k] === code) continue;
    keyCode[k] = code;
    counts[code + 1]++;
    codes[kept] = code;
    pairs[kept * 2] = k;
    pairs[kept * 2 + 1] = day[event];
    kept++;
  }
  return kept;
}

/** counts[0 .. n]: each entry becomes the sum of those up to it (counts[n]: the total). */
function prefixSums(counts: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
}

/**
 * The kept events' (key, day) in code order (first sort; codeStarts[c] ends at c's end),
 * and dayCounts[day + 1]: how many are on each day.
 */
function placeByCode(codes: Int32Array, pairs: Int32Array, kept: number, codeStarts: Int32Array, byCode: Int32Array, dayCounts: Int32Array): void {
  for (let event = 0; event < kept; event++) {
    const at = codeStarts[codes[event]]++ * 2;
    const day = pairs[event * 2 + 1];
    byCode[at] = pairs[event * 2];
    byCode[at + 1] = day;
    dayCounts[day + 1]++;
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
function countPerItem(byDay: Int32Array, counted: number, keys: KeySlots, keyCode: Int32Array): Int32Array {
  const { slotOffsets, slots, itemCount } = keys;
  const counts = new Int32Array(itemCount);
  const lastCode = new Int32Array(itemCount).fill(-1);
  keyCode.fill(-1);
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
