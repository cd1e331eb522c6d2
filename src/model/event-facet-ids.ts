// An encoded event's facet ids: the ones its chunk lists for it (`facets`: its own values)
// and, when its `recordFacets` column names a record, that record's values from the
// record index (columnar/encoded-chunk.ts). Most events take all of their record's values; naming
// the record instead of copying them keeps the chunks small and lets the group stage key
// an event by one number instead of dozens (group/event-keys.ts).

import { EVENT_TYPE, MISSING, type EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { FACET_COUNT, FILES_RULE_KEY_INDEX } from "./facets.js";
import type { Int32ColumnBuilder } from "../columnar/shared-arrays.js";

/** The record index's facet values per (record, key): values [facetOffsets[r*K+k], facetOffsets[r*K+k+1]). Run-wide codes. */
export interface RecordFacetValues {
  facetOffsets: Int32Array;
  facetValues: Int32Array;
}

/**
 * Appends the facet ids of event i of chunk c to `out`: its listed ones, then its
 * record's. A record's values are those of every key but, for a download, the files key
 * (a download's file type is its own file's, listed with the event). The keys only an
 * event carries (a visit's country) have no record values, so a view's are one run.
 */
export function pushEventFacetIds(c: EncodedChunkBuffers, i: number, records: RecordFacetValues, out: Int32ColumnBuilder): void {
  out.pushRange(c.facets, c.facetOffsets[i], c.facetOffsets[i + 1]);
  const record = c.recordFacets[i];
  if (record === MISSING) return;
  const { facetOffsets, facetValues } = records;
  const first = record * FACET_COUNT;
  const end = facetOffsets[first + FACET_COUNT];
  if (c.type[i] === EVENT_TYPE.download && FILES_RULE_KEY_INDEX >= 0) {
    out.pushRange(facetValues, facetOffsets[first], facetOffsets[first + FILES_RULE_KEY_INDEX]);
    out.pushRange(facetValues, facetOffsets[first + FILES_RULE_KEY_INDEX + 1], end);
  } else out.pushRange(facetValues, facetOffsets[first], end);
}
