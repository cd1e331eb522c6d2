// The group stage's kernel: encoded chunks (run-wide codes) -> exact metrics for every
// item (community, day, facet value, event type) this partition owns.
//
// Exactness across threads: every item is owned by exactly one partition (by its day, or
// by a hash of its key within a day split in slices: item-owners.ts), so its distinct sets
// are complete there; the coordinator only concatenates partitions. Visitor and file ids
// come with chunk-local codes, which this partition codes for itself (id-codes.ts). Distinct counts use no
// sets: events are ordered by the counted code (a counting sort), so a code is new to an
// item exactly when it differs from the last code the item saw.

import { EVENT_TYPE, MISSING, type EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { IdCodes } from "../columnar/id-codes.js";
import { Int32ColumnBuilder } from "../columnar/shared-arrays.js";
import type { GroupConfig, ItemMetrics } from "../model/group-types.js";
import { ItemOwners, OWNS } from "./item-owners.js";
import { ItemTable } from "./item-table.js";

/** Reads the chunks' Arrow buffers as they are (encoded-chunk.ts): no wrapping, no copy. */
export function groupPartition(encoded: readonly EncodedChunkBuffers[], config: GroupConfig): ItemMetrics {
  // Inputs are mostly in time order: a partition of whole days then leaves out most
  // chunks, and every pass below walks only the rest.
  const owners = new ItemOwners(config);
  const chunks = encoded.filter((c) => ownsAnyDay(c, config.startDay, owners.days));
  const upperBound = chunks.reduce((sum, c) => sum + c.length, 0);
  const items = new ItemTable(4096);
  const itemEvents = { events: new Float64Array(items.capacity), volume: new Float64Array(items.capacity) };
  const bigVolume = new Map<number, bigint>();
  // The events this partition counts, compacted: the distinct passes walk only these.
  const owned = new OwnedEvents(upperBound);
  const slots = new Int32ColumnBuilder(upperBound * 8);
  const { communityOutput, globalOutput } = config;
  const ownedDays = owners.days;

  // Pass 1: find each event's items (the ones this partition owns), count events and bytes.
  for (const c of chunks) {
    owned.useChunk(c);
    for (let i = 0; i < c.length; i++) {
      const day = c.day[i] - config.startDay;
      if (day < 0 || day >= config.dayCount) continue;
      const owns = ownedDays[day];
      if (owns === OWNS.none) continue;
      const firstSlot = slots.length;
      const type = c.type[i];
      const size = c.size[i];
      const facetStart = c.facetOffsets[i];
      const facetEnd = c.facetOffsets[i + 1];
      // j = start - 1 stands for `global`, which every event counts in; f = start - 1
      // for the totals item.
      for (let j = c.communityOffsets[i] - 1; j < c.communityOffsets[i + 1]; j++) {
        const community = j < c.communityOffsets[i] ? globalOutput : communityOutput[c.communities[j]];
        if (j >= c.communityOffsets[i] && (community < 0 || community === globalOutput)) continue;
        for (let f = facetStart - 1; f < facetEnd; f++) {
          const facet = f < facetStart ? -1 : c.facets[f];
          if (owns === OWNS.slices && !owners.ownsItem(community, day, facet)) continue;
          const before = items.capacity;
          const slot = items.slot(community, day, facet, type);
          if (items.capacity !== before) growMetrics(itemEvents, items.capacity);
          slots.push(slot);
          itemEvents.events[slot]++;
          // Sizes are exact integers (validation): the sum is exact while it stays safe.
          const volume = itemEvents.volume[slot] + size;
          if (volume <= Number.MAX_SAFE_INTEGER) itemEvents.volume[slot] = volume;
          else addBigVolume(bigVolume, itemEvents.volume, slot, size);
        }
      }
      if (slots.length > firstSlot) owned.add(c, i, day, firstSlot);
    }
  }
  owned.slotOffsets[owned.length] = slots.length;
  const eventSlots = slots.filled();

  // Passes 2-5: one distinct count per counted field.
  const distinct = (codes: Int32Array, codeCount: number) => countDistinct(codes, codeCount, owned, config.dayCount, eventSlots, items.size);
  const n = items.size;
  return {
    length: n,
    community: items.community.slice(0, n),
    day: items.day.slice(0, n),
    facet: items.facet.slice(0, n),
    type: items.type.slice(0, n),
    events: itemEvents.events.slice(0, n),
    volume: itemEvents.volume.slice(0, n),
    bigVolume,
    visitors: distinct(owned.visitor, owned.visitorIds.size),
    records: distinct(owned.record, config.recordCount),
    parents: distinct(owned.parent, config.parentCount),
    files: distinct(owned.file, owned.fileIds.size),
  };
}

/** An item's volume past 2^53 - 1: summed as a bigint from then on (its double stays Infinity, so every later size comes here). */
function addBigVolume(big: Map<number, bigint>, volume: Float64Array, slot: number, size: number): void {
  big.set(slot, (big.get(slot) ?? BigInt(volume[slot])) + BigInt(size));
  volume[slot] = Infinity;
}

/** The counted events' day, first item slot and counted codes (visitors and files coded here), one entry per event. */
class OwnedEvents {
  length = 0;
  readonly day: Int32Array;
  /** Where each event's item slots start (one more entry closes the last event). */
  readonly slotOffsets: Int32Array;
  readonly visitor: Int32Array;
  readonly record: Int32Array;
  readonly parent: Int32Array;
  /** The file of a download; MISSING for views (files are counted for downloads only). */
  readonly file: Int32Array;
  readonly visitorIds = new IdCodes();
  readonly fileIds = new IdCodes();

  constructor(capacity: number) {
    this.day = new Int32Array(capacity);
    this.slotOffsets = new Int32Array(capacity + 1);
    this.visitor = new Int32Array(capacity);
    this.record = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.file = new Int32Array(capacity);
  }

  /** Codes the visitors and files of chunk `c` from now on. */
  useChunk(c: EncodedChunkBuffers): void {
    this.visitorIds.useChunk(c.visitorIds);
    this.fileIds.useChunk(c.fileIds);
  }

  add(c: EncodedChunkBuffers, i: number, day: number, firstSlot: number): void {
    const e = this.length++;
    this.day[e] = day;
    this.slotOffsets[e] = firstSlot;
    this.visitor[e] = this.visitorIds.code(c.visitor[i]);
    this.record[e] = c.record[i];
    this.parent[e] = c.parent[i];
    this.file[e] = c.type[i] === EVENT_TYPE.download ? this.fileIds.code(c.file[i]) : MISSING;
  }
}

function ownsAnyDay(c: EncodedChunkBuffers, startDay: number, ownedDays: Uint8Array): boolean {
  for (let i = 0; i < c.length; i++) {
    const day = c.day[i] - startDay;
    if (day >= 0 && day < ownedDays.length && ownedDays[day] !== OWNS.none) return true;
  }
  return false;
}

function growMetrics(metrics: { events: Float64Array; volume: Float64Array }, capacity: number): void {
  const events = new Float64Array(capacity);
  events.set(metrics.events);
  const volume = new Float64Array(capacity);
  volume.set(metrics.volume);
  metrics.events = events;
  metrics.volume = volume;
}

/**
 * Distinct codes per item. Events are visited day by day and, within a day, in code
 * order (two stable counting sorts), so all events with the same code are adjacent: an
 * item sees a new code exactly when the code differs from the last one it saw. Going
 * day by day keeps the items being touched (one day's) small enough for the cache.
 * Invariant: lastCode[slot] is the largest code counted for the slot so far.
 */
function countDistinct(
  codes: Int32Array,
  codeCount: number,
  owned: OwnedEvents,
  dayCount: number,
  eventSlots: Int32Array,
  itemCount: number,
): Int32Array {
  const { length: eventCount, day: eventDays, slotOffsets } = owned;
  const byCode = new Int32Array(codeCount + 1);
  for (let event = 0; event < eventCount; event++) if (codes[event] !== MISSING) byCode[codes[event] + 1]++;
  for (let code = 0; code < codeCount; code++) byCode[code + 1] += byCode[code];
  const codeOrder = new Int32Array(byCode[codeCount]);
  const byDay = new Int32Array(dayCount + 1);
  for (let event = 0; event < eventCount; event++) {
    const code = codes[event];
    if (code === MISSING) continue;
    codeOrder[byCode[code]++] = event;
    byDay[eventDays[event] + 1]++;
  }
  for (let day = 0; day < dayCount; day++) byDay[day + 1] += byDay[day];
  const order = new Int32Array(codeOrder.length);
  for (let k = 0; k < codeOrder.length; k++) order[byDay[eventDays[codeOrder[k]]]++] = codeOrder[k];

  const counts = new Int32Array(itemCount);
  const lastCode = new Int32Array(itemCount).fill(-1);
  for (let k = 0; k < order.length; k++) {
    const event = order[k];
    const code = codes[event];
    for (let s = slotOffsets[event]; s < slotOffsets[event + 1]; s++) {
      const slot = eventSlots[s];
      if (lastCode[slot] !== code) {
        lastCode[slot] = code;
        counts[slot]++;
      }
    }
  }
  return counts;
}
