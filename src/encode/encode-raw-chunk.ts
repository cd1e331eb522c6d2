// The encode task as both transports run it: a chunk given as a file range is read here,
// on the thread that encodes it (parse/file-range.ts), and its line count (the encoder's)
// goes back with the encoded chunk; a chunk of bytes is encoded as it is.

import type { EncodeConfig, EncodedChunk, RawChunk } from "../model/chunk-types.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import { chunkBytes } from "../parse/file-range.js";
import { attachRecordIndex } from "../records/record-index.js";
import { encodeChunk } from "./encode-chunk.js";

export function encodeRawChunk(raw: RawChunk, index: RecordIndexBuffers, config: EncodeConfig): EncodedChunk {
  if (raw.file === undefined) return encodeChunk(raw, attachRecordIndex(index), config);
  // The encoder counts the lines as it reads them (their count sizes nothing up front).
  return encodeChunk(chunkBytes(raw, false), attachRecordIndex(index), config);
}
