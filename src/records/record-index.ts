// The record index: record metadata and the membership timeline in shared memory, built
// once per run by the coordinator (build-record-index.ts) and attached read-only by
// every worker. Per-record lists are CSR (offsets + values), like Arrow List columns.

import { mapOfStrings } from "../columnar/dictionaries.js";
import { decodeStrings } from "../columnar/shared-strings.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";

/** A worker's view of the record index: the shared buffers plus string lookups. */
export interface RecordIndex {
  buffers: RecordIndexBuffers;
  recordCodes: Map<string, number>;
  parentCodes: Map<string, number>;
  communityCodes: Map<string, number>;
  facetIdCodes: Map<string, number>;
  labelPairCodes: Map<string, number>;
}

let attached: RecordIndex | undefined;

/** The lookup maps are built once per thread and build, then reused for every chunk. */
export function attachRecordIndex(buffers: RecordIndexBuffers): RecordIndex {
  if (attached?.buffers.generation === buffers.generation) return attached;
  attached = {
    buffers,
    recordCodes: mapOfStrings(decodeStrings(buffers.recordIds)),
    parentCodes: mapOfStrings(decodeStrings(buffers.parents)),
    communityCodes: mapOfStrings(decodeStrings(buffers.communities)),
    facetIdCodes: mapOfStrings(decodeStrings(buffers.facetIds)),
    labelPairCodes: mapOfStrings(decodeStrings(buffers.labelPairs)),
  };
  return attached;
}

/** Whether the record (with a timeline) was a member of each community on `day`; calls `visit` for members. */
export function forEachTimelineMember(index: RecordIndexBuffers, record: number, day: number, visit: (community: number) => void): void {
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
    if (member) visit(community);
  }
}

export function hasTimeline(index: RecordIndexBuffers, record: number): boolean {
  return index.timelineOffsets[record + 1] > index.timelineOffsets[record];
}
