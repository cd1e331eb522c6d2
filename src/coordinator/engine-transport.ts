// How the coordinator runs the two kernels: in this thread (memory backend) or on a
// piscina pool (parallel backend). One implementation of each kernel, two transports.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { EncodeConfig, EncodedChunk, RawChunk } from "../model/chunk-types.js";
import type { ExtractedRecordChunk } from "../records/extract-record-chunk.js";
import type { CodedMembership } from "../records/membership-rows.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import type { GroupConfig, ItemMetrics } from "../model/group-types.js";

export interface EngineTransport {
  /** Group partitions to run (one per thread). */
  readonly partitions: number;
  /** Chunks worth keeping in flight to keep every thread busy. */
  readonly inFlight: number;
  extractRecords(raw: RawChunk): Promise<ExtractedRecordChunk>;
  extractMembership(raw: RawChunk): Promise<CodedMembership>;
  encode(raw: RawChunk, index: RecordIndexBuffers, config: EncodeConfig): Promise<EncodedChunk>;
  group(chunks: EncodedChunkBuffers[], config: GroupConfig): Promise<ItemMetrics>;
  /** Chunks each thread encodes once, and drops, before its first (EncodeTask.warmUp); absent where threads need none. */
  warmUp?(chunks: RawChunk[]): void;
  close(): Promise<void>;
}

export function createInProcessTransport(): EngineTransport {
  let kernels: Promise<typeof import("./in-process-kernels.js")> | undefined;
  const load = () => (kernels ??= import("./in-process-kernels.js"));
  return {
    partitions: 1,
    inFlight: 1,
    extractRecords: async (raw) => (await load()).extractRecordChunk(raw),
    extractMembership: async (raw) => (await load()).extractMembershipChunk(raw),
    encode: async (raw, index, config) => (await load()).encodeRawChunk(raw, index, config),
    group: async (chunks, config) => (await load()).groupPartition(chunks, config),
    close: async () => {},
  };
}
