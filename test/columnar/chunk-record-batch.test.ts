// The encoded chunk is an Arrow record batch: apache-arrow wraps its shared buffers
// without a copy, reads every event as the kernels do, and writes and reads it back as
// Arrow IPC with the schema CHUNK_FIELDS declares.

import { tableFromIPC, tableToIPC, Table, type RecordBatch } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkRecordBatch } from "../../src/columnar/chunk-record-batch.js";
import { CHUNK_FIELDS, MISSING, type EncodedChunkBuffers } from "../../src/columnar/encoded-chunk.js";
import { sharedCopy } from "../../src/columnar/shared-arrays.js";
import { encodeStrings } from "../../src/columnar/shared-strings.js";

const code = fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.constant(MISSING));

/** A chunk as the encoder leaves it: shared buffers of exactly their columns' lengths. */
const chunkArbitrary = fc
  .array(
    fc.record({
      day: fc.integer({ min: 19_000, max: 21_000 }),
      type: fc.constantFrom(0, 1),
      size: fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      visitor: code,
      record: code,
      parent: code,
      file: code,
      communities: fc.array(code, { maxLength: 4 }),
      facets: fc.array(code, { maxLength: 12 }),
      recordFacets: code,
    }),
    { maxLength: 40 },
  )
  .map((events): EncodedChunkBuffers => {
    const int32 = (values: number[]) => sharedCopy(Int32Array.from(values), values.length);
    const offsets = (lists: number[][]) => int32(lists.reduce((ends, list) => [...ends, ends[ends.length - 1] + list.length], [0]));
    return {
      length: events.length,
      day: int32(events.map((e) => e.day)),
      type: sharedCopy(Uint8Array.from(events.map((e) => e.type)), events.length),
      size: sharedCopy(Float64Array.from(events.map((e) => e.size)), events.length),
      visitor: int32(events.map((e) => e.visitor)),
      record: int32(events.map((e) => e.record)),
      parent: int32(events.map((e) => e.parent)),
      file: int32(events.map((e) => e.file)),
      communityOffsets: offsets(events.map((e) => e.communities)),
      communities: int32(events.flatMap((e) => e.communities)),
      facetOffsets: offsets(events.map((e) => e.facets)),
      facets: int32(events.flatMap((e) => e.facets)),
      recordFacets: int32(events.map((e) => e.recordFacets)),
      // The ids' own dictionaries travel beside the columns; not columns of the batch.
      visitorIds: encodeStrings([]),
      fileIds: encodeStrings([]),
    };
  });

/** Every event as apache-arrow reads it from the batch (one plain object per row). */
function rowsThroughArrow(batch: RecordBatch): Record<string, unknown>[] {
  return Array.from({ length: batch.numRows }, (_, i) =>
    Object.fromEntries(
      CHUNK_FIELDS.map((field) => {
        const value: unknown = batch.getChild(field.name)!.get(i);
        return [field.name, field.type === "list<int32>" ? [...(value as Iterable<number>)] : value];
      }),
    ),
  );
}

/** The same events read from the buffers, as the group kernel reads them. */
function rowsFromBuffers(b: EncodedChunkBuffers): Record<string, unknown>[] {
  return Array.from({ length: b.length }, (_, i) =>
    Object.fromEntries(
      CHUNK_FIELDS.map((field) => [
        field.name,
        field.type === "list<int32>" ? [...b[field.name].subarray(b[field.offsets][i], b[field.offsets][i + 1])] : b[field.name][i],
      ]),
    ),
  );
}

describe("the encoded chunk as an Arrow record batch", () => {
  it("wraps the shared buffers without copying them", () => {
    fc.assert(
      fc.property(chunkArbitrary, (b) => {
        const batch = chunkRecordBatch(b);
        expect(batch.numRows).toBe(b.length);
        expect(batch.data.children.length).toBe(CHUNK_FIELDS.length);
        for (const field of CHUNK_FIELDS) {
          const data = batch.getChild(field.name)!.data[0];
          expect(data.nullCount).toBe(0);
          if (field.type === "list<int32>") {
            expect(data.valueOffsets.buffer).toBe(b[field.offsets].buffer);
            expect(data.children[0].values.buffer).toBe(b[field.name].buffer);
          } else {
            expect(data.values.buffer).toBe(b[field.name].buffer);
          }
        }
        expect(b.day.buffer).toBeInstanceOf(SharedArrayBuffer);
      }),
      { numRuns: 50 },
    );
  });

  it("reads every event as the group kernel reads the buffers", () => {
    fc.assert(
      fc.property(chunkArbitrary, (b) => {
        expect(rowsThroughArrow(chunkRecordBatch(b))).toEqual(rowsFromBuffers(b));
      }),
      { numRuns: 100 },
    );
  });

  it("round-trips through Arrow IPC with the declared schema, none nullable", () => {
    fc.assert(
      fc.property(chunkArbitrary, (b) => {
        const batch = chunkRecordBatch(b);
        const read = tableFromIPC(tableToIPC(new Table([batch]), "stream"));
        expect(read.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
          CHUNK_FIELDS.map((f) => [f.name, { int32: "Int32", uint8: "Uint8", float64: "Float64", "list<int32>": "List<Int32>" }[f.type], false]),
        );
        expect(read.batches.flatMap(rowsThroughArrow)).toEqual(rowsFromBuffers(b));
      }),
      { numRuns: 50 },
    );
  });
});
