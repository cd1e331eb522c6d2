// An encoded chunk as an apache-arrow RecordBatch, zero-copy over its shared buffers:
// for code that wants Arrow's API or IPC (a consumer outside the engine, a test holding
// the layout to Arrow's). The kernels do not come here: they read the buffers directly,
// and no module a worker loads imports apache-arrow (why: encoded-chunk.ts).

import { Field, Float64, Int32, List, makeData, RecordBatch, Schema, Struct, Uint8, type Data } from "apache-arrow";
import { CHUNK_FIELDS, type ChunkField, type EncodedChunkBuffers } from "./encoded-chunk.js";

type ChunkColumnData = Data<Int32> | Data<Uint8> | Data<Float64> | Data<List<Int32>>;

/** The chunk as a record batch whose column buffers are the chunk's own (no copy). */
export function chunkRecordBatch(b: EncodedChunkBuffers): RecordBatch {
  const columns = CHUNK_FIELDS.map((field) => columnData(b, field));
  const fields = CHUNK_FIELDS.map((field, i) => new Field(field.name, columns[i].type, false));
  const rows = makeData({ type: new Struct(fields), length: b.length, nullCount: 0, children: columns });
  return new RecordBatch(new Schema(fields), rows);
}

function columnData(b: EncodedChunkBuffers, field: ChunkField): ChunkColumnData {
  const length = b.length;
  switch (field.type) {
    case "int32":
      return int32Data(b[field.name]);
    case "uint8":
      return makeData({ type: new Uint8(), length, nullCount: 0, data: b[field.name] });
    case "float64":
      return makeData({ type: new Float64(), length, nullCount: 0, data: b[field.name] });
    case "list<int32>":
      return makeData({
        type: new List(new Field("item", new Int32(), false)),
        length,
        nullCount: 0,
        valueOffsets: b[field.offsets],
        child: int32Data(b[field.name]),
      });
  }
}

function int32Data(values: Int32Array): Data<Int32> {
  return makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
}
