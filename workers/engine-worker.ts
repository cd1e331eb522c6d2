// The piscina worker entry: run a kernel (records, membership, encode, group). No I/O but
// reading the byte range of a plain event file an encode task names; no logging.

import type { EncodedChunk } from "../src/model/chunk-types.js";
import { encodeChunk } from "../src/encode/encode-chunk.js";
import { encodeRawChunk } from "../src/encode/encode-raw-chunk.js";
import { extractRecordChunk, type ExtractedRecordChunk } from "../src/records/extract-record-chunk.js";
import { extractMembershipChunk, type CodedMembership } from "../src/records/membership-rows.js";
import { attachRecordIndex } from "../src/records/record-index.js";
import { groupPartition } from "../src/group/group-partition.js";
import type { ItemMetrics } from "../src/model/group-types.js";
import type { EngineTask } from "../src/model/engine-tasks.js";
import { errorForThread } from "../src/model/errors.js";

type EngineResult = EncodedChunk | ItemMetrics | ExtractedRecordChunk | CodedMembership;

// Whether this thread has run the warm-up chunks (once per thread: EncodeTask.warmUp).
let warmedUp = false;

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
  if (task.kind === "group") return groupPartition(task.chunks, task.config);
  if (!warmedUp && task.warmUp !== undefined) {
    warmedUp = true;
    // Twice over both types: the second round finds the first one's feedback for both.
    // The results are dropped; the kernel's caches are keyed by bytes and by chunk, so the
    // chunks after see nothing of it.
    const index = attachRecordIndex(task.index);
    for (let round = 0; round < 2; round++) for (const raw of task.warmUp) encodeChunk(raw, index, task.config);
  }
  return encodeRawChunk(task.raw, task.index, task.config);
}
