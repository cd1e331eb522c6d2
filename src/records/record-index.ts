// The record index: record metadata and the membership timeline in shared memory, built
// once per run by the coordinator (build-record-index.ts) and attached read-only by
// every worker. Per-record lists are CSR (offsets + values), like Arrow List columns.

import { StringLookup, type StringCodes } from "../columnar/string-lookup.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";

/** A worker's view of the record index: the shared buffers plus string lookups (shared too). */
export interface RecordIndex {
  buffers: RecordIndexBuffers;
  recordCodes: StringLookup;
  parentCodes: StringLookup;
  communityCodes: StringCodes;
  facetIdCodes: StringCodes;
  labelPairCodes: StringCodes;
}

let attached: RecordIndex | undefined;

/** Attached once per thread and build, then reused for every chunk: nothing is decoded or copied. */
export function attachRecordIndex(buffers: RecordIndexBuffers): RecordIndex {
  if (attached?.buffers.generation === buffers.generation) return attached;
  const { lookups } = buffers;
  attached = {
    buffers,
    recordCodes: new StringLookup(buffers.recordIds, lookups.recordIds),
    parentCodes: new StringLookup(buffers.parents, lookups.parents),
    communityCodes: new StringLookup(buffers.communities, lookups.communities),
    facetIdCodes: new StringLookup(buffers.facetIds, lookups.facetIds),
    labelPairCodes: new StringLookup(buffers.labelPairs, lookups.labelPairs),
  };
  return attached;
}

/**
 * Writes the communities the record (with a timeline) was a member of on `day` to
 * out[at ..] (room for one per timeline entry); returns where they end.
 */
export function pushTimelineMembers(index: RecordIndexBuffers, record: number, day: number, out: Int32Array, at: number): number {
  const end = index.timelineOffsets[record + 1];
  let i = index.timelineOffsets[record];
  // Entries are grouped by community and sorted by time: the last entry of a group
  // dated on or before `day` decides.
  while (i < end) {
    const community = index.timelineCommunity[i];
    let member = false;
    for (; i < end && index.timelineCommunity[i] === community; i++) {
      if (index.timelineDay[i] <= day) member = index.timelineAdded[i] === 1;
    }
    if (member) out[at++] = community;
  }
  return at;
}

export function hasTimeline(index: RecordIndexBuffers, record: number): boolean {
  return index.timelineOffsets[record + 1] > index.timelineOffsets[record];
}
