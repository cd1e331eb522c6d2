// The record index as it travels: shared buffers every worker attaches to (RecordIndexBuffers),
// and the index's strings, which seed the run's dictionaries (RecordIndexStrings).

import type { SharedStrings } from "../columnar/shared-strings.js";

export interface RecordIndexBuffers {
  /** Unique per build: workers rebuild their lookup maps only when it changes. */
  generation: string;
  recordIds: SharedStrings;
  parents: SharedStrings;
  communities: SharedStrings;
  facetIds: SharedStrings;
  labelPairs: SharedStrings;
  /** Shared lookup tables of those strings (columnar/string-lookup.ts): workers look codes up in them as they are. */
  lookups: { recordIds: Int32Array; parents: Int32Array; communities: Int32Array; facetIds: Int32Array; labelPairs: Int32Array };
  /** Parent code of each record, or MISSING. */
  recordParent: Int32Array;
  /** The record's current communities (`parent.communities.ids`). */
  communityOffsets: Int32Array;
  communityValues: Int32Array;
  /** Membership events of the record sorted by (community, time, input order). */
  timelineOffsets: Int32Array;
  timelineCommunity: Int32Array;
  timelineDay: Int32Array;
  timelineAdded: Uint8Array;
  /** Facet ids per (record, key): entries [facetOffsets[r*K+k], facetOffsets[r*K+k+1]). */
  facetOffsets: Int32Array;
  facetValues: Int32Array;
  /** The label pair code of each facet value, or -1 where it has no label. */
  facetLabels: Int32Array;
}

/** The run-wide dictionaries the record index was built with (codes = indexes). */
export interface RecordIndexStrings {
  recordIds: string[];
  parents: string[];
  communities: string[];
  facetIds: string[];
  labelPairs: string[];
}
