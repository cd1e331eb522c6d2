// SPEC 4: a value an event carries without a label (the dashboard's download events of
// 2025 carry `{"id": ...}` alone) votes for its record's label of the same id, if any.

import { FACET_COUNT } from "../model/facets.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";

/**
 * The label pair code the record holds for facet code `facet` of key `k`, or -1. A facet
 * id the record has is a run-wide code (the record index seeds the chunk dictionaries), so
 * a chunk-local (negative) code is an id the record does not have.
 */
export function recordLabelPair(buffers: RecordIndexBuffers, record: number, k: number, facet: number): number {
  if (facet < 0) return -1;
  const slot = record * FACET_COUNT + k;
  for (let j = buffers.facetOffsets[slot]; j < buffers.facetOffsets[slot + 1]; j++) {
    if (buffers.facetValues[j] === facet) return buffers.facetLabels[j];
  }
  return -1;
}
