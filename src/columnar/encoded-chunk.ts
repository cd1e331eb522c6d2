// The encoded chunk: one Arrow record batch per chunk of events, every column buffer a
// typed array in shared memory. Workers write it (enrich stage), the coordinator rewrites
// its chunk-local codes to run-wide codes in place (merge stage), the group stage reads it.
//
// The buffers are Arrow's own layout (CHUNK_FIELDS says which buffer is which column's),
// so the kernels read them as they are and Arrow tooling wraps them without a copy
// (chunk-record-batch.ts). This module does not import apache-arrow, and neither does
// any module a worker loads: Arrow's modules import each other in a circle, so even its
// per-file entry points load most of it (measured in a fresh process, ms: the whole
// index ~130, `apache-arrow/data` ~100, `apache-arrow/type` or `/enum` ~40, against ~4
// for an empty module), and the kernels need only the buffers. Without it, a worker's
// cold module loading fell from ~150 to ~40 ms (bench/worker-cold-start.ts; numbers in
// bench/analysis.md, "Arrow in the workers").
//
// Codes: >= 0 is a run-wide dictionary code; MISSING means no value; any other negative
// value is a chunk-local code `-1 - i` into the chunk's own dictionary (see localCode).
// Visitor and file codes are all chunk-local: those ids are only ever counted, and the
// group task that counts an item's events codes them for itself (id-codes.ts), so they
// have no run-wide dictionary. Arrow-wise MISSING is a value, not a null: no column has a
// validity bitmap.

import type { SharedStrings } from "./shared-strings.js";

export const MISSING = -0x80000000;
export const EVENT_TYPE = { view: 0, download: 1 } as const;
export type EventTypeCode = 0 | 1;

export function localCode(index: number): number {
  return -1 - index;
}
export function localIndex(code: number): number {
  return -1 - code;
}

/**
 * The buffers of an encoded chunk: what crosses the thread boundary (shared, not
 * copied) and what the kernels read. Each buffer holds exactly its column's entries
 * (`length`, or `length + 1` offsets), so no view ever reaches past a column.
 */
export interface EncodedChunkBuffers {
  /** The record batch's number of rows (events). */
  length: number;
  day: Int32Array;
  type: Uint8Array;
  size: Float64Array;
  visitor: Int32Array;
  record: Int32Array;
  parent: Int32Array;
  file: Int32Array;
  /** List<Int32>: the event's communities (the pseudo-community `global` is implicit). */
  communityOffsets: Int32Array;
  communities: Int32Array;
  /** List<Int32>: the event's own facet ids (one per subcount value, deduplicated per key). */
  facetOffsets: Int32Array;
  facets: Int32Array;
  /**
   * A run-wide record code whose facet values the event also has (all keys of the record
   * index but, for a download, the files key: event-facet-ids.ts), or MISSING. Codes of the
   * record index, so the merge stage leaves them as they are.
   */
  recordFacets: Int32Array;
  /** The chunk's own dictionaries of the visitor and file columns (not columns themselves). */
  visitorIds: SharedStrings;
  fileIds: SharedStrings;
}

/** A column of the record batch in Arrow's types; its values are the buffer of its name. */
export type ChunkField =
  | { name: "day" | "visitor" | "record" | "parent" | "file" | "recordFacets"; type: "int32" }
  | { name: "type"; type: "uint8" }
  | { name: "size"; type: "float64" }
  | { name: "communities"; type: "list<int32>"; offsets: "communityOffsets" }
  | { name: "facets"; type: "list<int32>"; offsets: "facetOffsets" };

/** The chunk's schema: its columns in order, none nullable. */
export const CHUNK_FIELDS: readonly ChunkField[] = [
  { name: "day", type: "int32" },
  { name: "type", type: "uint8" },
  { name: "size", type: "float64" },
  { name: "visitor", type: "int32" },
  { name: "record", type: "int32" },
  { name: "parent", type: "int32" },
  { name: "file", type: "int32" },
  { name: "communities", type: "list<int32>", offsets: "communityOffsets" },
  { name: "facets", type: "list<int32>", offsets: "facetOffsets" },
  { name: "recordFacets", type: "int32" },
];
