// The piscina worker entry: run a kernel (records, membership, encode, group). No I/O but
// reading the byte range of a plain event file an encode task names; no logging.

import type { EncodedChunk } from "../src/model/chunk-types.js";
import { encodeRawChunk } from "../src/encode/encode-raw-chunk.js";
import { extractRecordChunk, type ExtractedRecordChunk } from "../src/records/extract-record-chunk.js";
import { extractMembershipChunk, type CodedMembership } from "../src/records/membership-rows.js";
import { groupPartition } from "../src/group/group-partition.js";
import type { ItemMetrics } from "../src/model/group-types.js";
import type { EngineTask } from "../src/model/engine-tasks.js";
import { errorForThread } from "../src/model/errors.js";

type EngineResult = EncodedChunk | ItemMetrics | ExtractedRecordChunk | CodedMembership;

export default function runEngineTask(task: EngineTask): EngineResult {
  try {
    return runKernel(task);
  } catch (error) {
    // A file that got shorter, a failed read: its kind and exit code must reach the coordinator.
    throw errorForThread(error);
  }
}

function runKernel(task: EngineTask): EngineResult {
  if (task.kind === "records") return extractRecordChunk(task.raw);
  if (task.kind === "membership") return extractMembershipChunk(task.raw);
  if (task.kind === "encode") return encodeRawChunk(task.raw, task.index, task.config);
  return groupPartition(task.chunks, task.config);
}
