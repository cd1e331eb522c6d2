// The encoded chunk: one Arrow table per chunk of events, every column a typed array in
// shared memory. Workers write it (enrich stage), the coordinator rewrites its
// chunk-local codes to run-wide codes in place (merge stage), the group stage reads it.
//
// Codes: >= 0 is a run-wide dictionary code; MISSING means no value; any other negative
// value is a chunk-local code `-1 - i` into the chunk's own dictionary (see localCode).

import { Field, Float64, Int32, List, makeData, makeVector, Table, Uint8, type Data } from "apache-arrow";

export const MISSING = -0x80000000;
export const EVENT_TYPE = { view: 0, download: 1 } as const;
export type EventTypeCode = 0 | 1;

export function localCode(index: number): number {
  return -1 - index;
}
export function localIndex(code: number): number {
  return -1 - code;
}

/** Plain buffers of an encoded chunk: what crosses the thread boundary (shared, not copied). */
export interface EncodedChunkBuffers {
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
  /** List<Int32>: the event's facet ids (one per subcount value, deduplicated per key). */
  facetOffsets: Int32Array;
  facets: Int32Array;
}

/** The typed columns the hot loops read, taken once per table (never `vector.get(i)`). */
export type ChunkColumns = EncodedChunkBuffers;

const int32List = () => new List(new Field("item", new Int32(), false));

function int32Data(values: Int32Array): Data<Int32> {
  return makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
}

function listData(offsets: Int32Array, values: Int32Array, length: number): Data<List<Int32>> {
  return makeData({ type: int32List(), length, nullCount: 0, valueOffsets: offsets, child: int32Data(values) });
}

/** Wraps the buffers as an Arrow table without copying. */
export function toChunkTable(b: EncodedChunkBuffers): Table {
  const n = b.length;
  return new Table({
    day: makeVector(int32Data(b.day.subarray(0, n))),
    type: makeVector(makeData({ type: new Uint8(), length: n, nullCount: 0, data: b.type.subarray(0, n) })),
    size: makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: b.size.subarray(0, n) })),
    visitor: makeVector(int32Data(b.visitor.subarray(0, n))),
    record: makeVector(int32Data(b.record.subarray(0, n))),
    parent: makeVector(int32Data(b.parent.subarray(0, n))),
    file: makeVector(int32Data(b.file.subarray(0, n))),
    communities: makeVector(listData(b.communityOffsets.subarray(0, n + 1), b.communities, n)),
    facets: makeVector(listData(b.facetOffsets.subarray(0, n + 1), b.facets, n)),
  });
}

/** The typed arrays behind a chunk table, for the kernels. */
export function chunkColumns(table: Table): ChunkColumns {
  const values = (name: string) => table.getChild(name)!.data[0].values;
  const list = (name: string) => {
    const data = table.getChild(name)!.data[0];
    return { offsets: data.valueOffsets as Int32Array, values: data.children[0].values as Int32Array };
  };
  const communities = list("communities");
  const facets = list("facets");
  return {
    length: table.numRows,
    day: values("day") as Int32Array,
    type: values("type") as Uint8Array,
    size: values("size") as Float64Array,
    visitor: values("visitor") as Int32Array,
    record: values("record") as Int32Array,
    parent: values("parent") as Int32Array,
    file: values("file") as Int32Array,
    communityOffsets: communities.offsets,
    communities: communities.values,
    facetOffsets: facets.offsets,
    facets: facets.values,
  };
}
