// The messages between the coordinator and the engine workers (types only: the two
// sides never import each other's code).

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { EncodeConfig, RawChunk } from "./chunk-types.js";
import type { RecordIndexBuffers } from "./record-index-types.js";
import type { GroupConfig } from "./group-types.js";

export interface EncodeTask {
  kind: "encode";
  raw: RawChunk;
  index: RecordIndexBuffers;
  config: EncodeConfig;
  /**
   * A few events of each type (shared bytes: nothing copied), encoded and dropped once per
   * worker before its first chunk, so that the kernels V8 first optimizes in that worker
   * already know views and downloads: else a worker's first downloads deoptimize code
   * built on views alone, and it is compiled again (bench/analysis.md).
   */
  warmUp?: RawChunk[];
}

export interface GroupTask {
  kind: "group";
  chunks: EncodedChunkBuffers[];
  config: GroupConfig;
}

export interface RecordsTask {
  kind: "records";
  raw: RawChunk;
}

export interface MembershipTask {
  kind: "membership";
  raw: RawChunk;
}

export type EngineTask = EncodeTask | GroupTask | RecordsTask | MembershipTask;
