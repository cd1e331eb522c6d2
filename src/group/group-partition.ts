// The group stage's kernel: encoded chunks (run-wide codes) -> exact metrics for every
// item (community, day, facet value, event type) this partition owns.
//
// Exactness across threads: every item is owned by exactly one partition (by its day, or
// by a hash of its key within a day split in slices: item-owners.ts), so its distinct sets
// are complete there; the coordinator only concatenates partitions. Visitor and file ids
// come with chunk-local codes, which this partition codes for itself (id-codes.ts).
// Distinct counts use no sets (distinct-counts.ts).

import { EVENT_TYPE, MISSING, type EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { IdCodes } from "../columnar/id-codes.js";
import { Int32ColumnBuilder } from "../columnar/shared-arrays.js";
import { pushEventFacetIds } from "../model/event-facet-ids.js";
import type { GroupConfig, ItemMetrics } from "../model/group-types.js";
import { DistinctCounter } from "./distinct-counts.js";
import { EventKeys } from "./event-keys.js";
import { ItemOwners, OWNS } from "./item-owners.js";
import { ItemTable } from "./item-table.js";
import { KeyTotals } from "./key-totals.js";

/** Reads the chunks' Arrow buffers as they are (encoded-chunk.ts): no wrapping, no copy. */
export function groupPartition(encoded: readonly EncodedChunkBuffers[], config: GroupConfig): ItemMetrics {
  // Inputs are mostly in time order: a partition of whole days then leaves out most
  // chunks, and every pass below walks only the rest.
  const owners = new ItemOwners(config);
  const chunks = encoded.filter((c) => ownsAnyDay(c, config.startDay, owners.days));
  const { items, owned, slotOffsets, slots, keyCount, totals } = keyEvents(chunks, config, owners);
  const n = items.size;

  // Passes 2-5: one distinct count per counted field (distinct-counts.ts).
  const counter = new DistinctCounter(owned, config.dayCount, { slotOffsets, slots, keyCount, itemCount: n });
  return {
    length: n,
    community: items.community.slice(0, n),
    day: items.day.slice(0, n),
    facet: items.facet.slice(0, n),
    type: items.type.slice(0, n),
    ...totals,
    visitors: counter.count(owned.visitor, owned.visitorIds.size),
    records: counter.count(owned.record, config.recordCount),
    parents: counter.count(owned.parent, config.parentCount),
    files: counter.count(owned.file, owned.fileIds.size),
  };
}

/**
 * Pass 1: each event's key (event-keys.ts), whose items are found once, when it is new;
 * events and bytes summed per key, then per item. The key table is let go on return
 * (the distinct passes need only each event's key and each key's slots).
 */
function keyEvents(chunks: readonly EncodedChunkBuffers[], config: GroupConfig, owners: ItemOwners) {
  const keyer = new EventKeyer(chunks, config, owners);
  for (let chunk = 0; chunk < chunks.length; chunk++) {
    keyer.readChunk(chunk);
    keyer.reserveAhead(chunk);
  }
  return keyer.result();
}

/** Reserved slots over those projected: projections from the first chunks run a little low. */
const SLOT_HEADROOM = 1.2;

/**
 * Pass 1's tables. The loop over a chunk's events is a method of its own, and so is each
 * loop of the distinct passes (distinct-counts.ts): V8 compiles a hot loop while it runs (on-stack
 * replacement) with the type feedback seen so far, and code after the loop that has not
 * run yet makes that code deoptimize on the way out, then compile again. Every worker
 * paid that for each loop of a long function (pass 1 compiled 3-5 times per worker, each
 * distinct pass 4-5 times); a function that is just its loop runs out cleanly.
 */
class EventKeyer {
  readonly items = new ItemTable(4096);
  private readonly keys: EventKeys;
  // Sized as for every event's items (pages never written take no memory): a copy while it
  // grows would double its footprint at the peak.
  private readonly keySlots: Int32ColumnBuilder;
  private readonly keyOffsets: Int32ColumnBuilder;
  private readonly keyTotals: KeyTotals;
  /** The events this partition counts, compacted: the distinct passes walk only these. */
  readonly owned: OwnedEvents;
  private readonly upperBound: number;
  private eventsRead = 0;
  /** The facet ids of the event whose key is new (its own and its record's). */
  private readonly eventFacets = new Int32ColumnBuilder(256);

  constructor(
    private readonly chunks: readonly EncodedChunkBuffers[],
    private readonly config: GroupConfig,
    private readonly owners: ItemOwners,
  ) {
    const upperBound = chunks.reduce((sum, c) => sum + c.length, 0);
    this.upperBound = upperBound;
    this.keys = new EventKeys(chunks, upperBound);
    this.keySlots = new Int32ColumnBuilder(upperBound * 8);
    this.keyOffsets = new Int32ColumnBuilder(upperBound + 1);
    this.keyTotals = new KeyTotals(upperBound);
    this.owned = new OwnedEvents(upperBound);
  }

  readChunk(chunk: number): void {
    const { keys, items, keySlots, keyOffsets, keyTotals, owned, owners, eventFacets } = this;
    const { communityOutput, globalOutput, startDay, dayCount, recordFacets } = this.config;
    const ownedDays = owners.days;
    const c = this.chunks[chunk];
    owned.useChunk(c);
    for (let i = 0; i < c.length; i++) {
      const day = c.day[i] - startDay;
      if (day < 0 || day >= dayCount) continue;
      const owns = ownedDays[day];
      if (owns === OWNS.none) continue;
      const type = c.type[i];
      const key = keys.key(chunk, i);
      if (keys.created) {
        const first = keySlots.length;
        keyOffsets.push(first);
        eventFacets.reset();
        pushEventFacetIds(c, i, recordFacets, eventFacets);
        const facets = eventFacets.filled();
        // j = start - 1 stands for `global`, which every event counts in; f = -1 for the
        // totals item.
        for (let j = c.communityOffsets[i] - 1; j < c.communityOffsets[i + 1]; j++) {
          const community = j < c.communityOffsets[i] ? globalOutput : communityOutput[c.communities[j]];
          if (j >= c.communityOffsets[i] && (community < 0 || community === globalOutput)) continue;
          for (let f = -1; f < facets.length; f++) {
            const facet = f < 0 ? -1 : facets[f];
            // A key holds one day, so a sliced day's ownership is decided once per key and item.
            if (owns === OWNS.slices && !owners.ownsItem(community, day, facet)) continue;
            keySlots.push(items.slot(community, day, facet, type));
          }
        }
        keyTotals.addKey(keySlots.length === first);
      }
      // A key without items of this partition: not its event.
      if (keyTotals.empty[key] === 1) continue;
      keyTotals.add(key, c.size[i]);
      owned.add(c, i, day, key);
    }
  }

  /**
   * After a chunk: room for the slots the chunks left would add at the rate seen so far,
   * made in one copy. Where keys hardly repeat (many records, few events each: ~75 slots
   * per event), doubling from the first guess copied hundreds of MB several times over.
   */
  reserveAhead(chunk: number): void {
    this.eventsRead += this.chunks[chunk].length;
    const projected = (this.keySlots.length / this.eventsRead) * this.upperBound;
    if (projected > this.keySlots.capacity) this.keySlots.reserve(Math.ceil(projected * SLOT_HEADROOM));
  }

  result() {
    this.keyOffsets.push(this.keySlots.length);
    const slotOffsets = this.keyOffsets.filled();
    const slots = this.keySlots.filled();
    const { items, owned, keys, keyTotals } = this;
    return { items, owned, slotOffsets, slots, keyCount: keys.size, totals: keyTotals.perItem(slotOffsets, slots, items.size) };
  }
}

/** The counted events' day, key and counted codes (visitors and files coded here), one entry per event. */
class OwnedEvents {
  length = 0;
  readonly day: Int32Array;
  readonly key: Int32Array;
  readonly visitor: Int32Array;
  readonly record: Int32Array;
  readonly parent: Int32Array;
  /** The file of a download; MISSING for views (files are counted for downloads only). */
  readonly file: Int32Array;
  readonly visitorIds = new IdCodes();
  readonly fileIds = new IdCodes();

  constructor(capacity: number) {
    this.day = new Int32Array(capacity);
    this.key = new Int32Array(capacity);
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

  add(c: EncodedChunkBuffers, i: number, day: number, key: number): void {
    const e = this.length++;
    this.day[e] = day;
    this.key[e] = key;
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
