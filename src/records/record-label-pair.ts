// SPEC 4: a value an event carries without a label (the dashboard's download events of
// 2025 carry `{"id": ...}` alone) votes for its record's label of the same id, if any.

import { FACET_COUNT } from "../model/facets.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";

/**
 * Where facet code `facet` sits among the values of a record slot (record x key) in
 * `facetValues`, or -1. A facet id the record has is a run-wide code (the record index
 * seeds the chunk dictionaries), so a chunk-local (negative) code is never found.
 */
export function slotValueAt(buffers: RecordIndexBuffers, slot: number, facet: number): number {
  if (facet < 0) return -1;
  for (let j = buffers.facetOffsets[slot]; j < buffers.facetOffsets[slot + 1]; j++) {
    if (buffers.facetValues[j] === facet) return j;
  }
  return -1;
}

/** The label pair code the record holds for facet code `facet` of key `k`, or -1. */
export function recordLabelPair(buffers: RecordIndexBuffers, record: number, k: number, facet: number): number {
  const at = slotValueAt(buffers, record * FACET_COUNT + k, facet);
  return at < 0 ? -1 : buffers.facetLabels[at];
}
