// The group stage's messages: what a group task is told (GroupConfig, built from the
// run's GroupPlan) and what it returns (ItemMetrics, parallel arrays per item).

import type { RecordFacetValues } from "./event-facet-ids.js";

export interface GroupPlan {
  startDay: number;
  dayCount: number;
  /** Output communities, sorted (`global` among them). */
  communities: string[];
  /** Run-wide community code -> index in `communities`, or -1. */
  communityOutput: Int32Array;
  globalOutput: number;
  /** Counted events per day offset (from the tallying pass): how the group work is split. */
  eventsPerDay: Float64Array;
  /** The record index's facet values, which an event's `recordFacets` refers to (shared). */
  recordFacets: RecordFacetValues;
}

export interface GroupConfig {
  partition: number;
  partitions: number;
  startDay: number;
  dayCount: number;
  /** Run-wide community code -> output community index, or -1 when not reported. */
  communityOutput: Int32Array;
  /** Output index of the pseudo-community `global`, which every event counts in. */
  globalOutput: number;
  /** Sizes of the run-wide dictionaries (codes are below them). Visitors and files have none. */
  recordCount: number;
  parentCount: number;
  /**
   * Units of group work: day offset d has units dayUnits[d] .. dayUnits[d + 1] - 1 (one
   * per day, or slices of a day's items by a hash of their key); unitPartitions[unit] is
   * the partition that owns its items.
   */
  dayUnits: Int32Array;
  unitPartitions: Int32Array;
  /** As GroupPlan's. */
  recordFacets: RecordFacetValues;
}

/** Metrics per item: parallel arrays, one entry per item. `facet` is -1 for the totals. */
export interface ItemMetrics {
  length: number;
  community: Int32Array;
  day: Int32Array;
  facet: Int32Array;
  type: Uint8Array;
  events: Float64Array;
  /** Bytes per item while exact (at most 2^53 - 1); an item past that is Infinity here and exact in `bigVolume`. */
  volume: Float64Array;
  /** Item index -> its volume, for the items whose sum passed 2^53 - 1. */
  bigVolume: Map<number, bigint>;
  visitors: Int32Array;
  records: Int32Array;
  parents: Int32Array;
  files: Int32Array;
}

/** `length` items, every array zeroed, for a caller to fill (the search backend's buckets). */
export function zeroedItemMetrics(length: number): ItemMetrics {
  return {
    length,
    community: new Int32Array(length),
    day: new Int32Array(length),
    facet: new Int32Array(length),
    type: new Uint8Array(length),
    events: new Float64Array(length),
    volume: new Float64Array(length),
    bigVolume: new Map(),
    visitors: new Int32Array(length),
    records: new Int32Array(length),
    parents: new Int32Array(length),
    files: new Int32Array(length),
  };
}
