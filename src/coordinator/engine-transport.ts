// How the coordinator runs the two kernels: in this thread (memory backend) or on a
// piscina pool (parallel backend). One implementation of each kernel, two transports.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { EncodeConfig, EncodedChunk, RawChunk } from "../model/chunk-types.js";
import { encodeChunk } from "../encode/encode-chunk.js";
import { extractRecordChunk, type ExtractedRecordChunk } from "../records/extract-record-chunk.js";
import { attachRecordIndex } from "../records/record-index.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import { groupPartition } from "../group/group-partition.js";
import type { GroupConfig, ItemMetrics } from "../model/group-types.js";

export interface EngineTransport {
  /** Group partitions to run (one per thread). */
  readonly partitions: number;
  /** Chunks worth keeping in flight to keep every thread busy. */
  readonly inFlight: number;
  extractRecords(raw: RawChunk): Promise<ExtractedRecordChunk>;
  encode(raw: RawChunk, index: RecordIndexBuffers, config: EncodeConfig): Promise<EncodedChunk>;
  group(chunks: EncodedChunkBuffers[], config: GroupConfig): Promise<ItemMetrics>;
  /** Chunks each thread encodes once, and drops, before its first (EncodeTask.warmUp); absent where threads need none. */
  warmUp?(chunks: RawChunk[]): void;
  close(): Promise<void>;
}

export function createInProcessTransport(): EngineTransport {
  return {
    partitions: 1,
    inFlight: 1,
    extractRecords: async (raw) => extractRecordChunk(raw),
    encode: async (raw, index, config) => encodeChunk(raw, attachRecordIndex(index), config),
    group: async (chunks, config) => groupPartition(chunks, config),
    close: async () => {},
  };
}
