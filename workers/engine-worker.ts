// The piscina worker entry: attach the shared record index (once per build), then run
// the enrich or the group kernel. Pure computation: no I/O, no logging.

import type { EncodedChunk } from "../src/model/chunk-types.js";
import { encodeChunk } from "../src/encode/encode-chunk.js";
import { extractRecordChunk, type ExtractedRecordChunk } from "../src/records/extract-record-chunk.js";
import { attachRecordIndex } from "../src/records/record-index.js";
import { groupPartition } from "../src/group/group-partition.js";
import type { ItemMetrics } from "../src/model/group-types.js";
import type { EngineTask } from "../src/model/engine-tasks.js";

// Whether this thread has run the warm-up chunks (once per thread: EncodeTask.warmUp).
let warmedUp = false;

export default function runEngineTask(task: EngineTask): EncodedChunk | ItemMetrics | ExtractedRecordChunk {
  if (task.kind === "records") return extractRecordChunk(task.raw);
  if (task.kind === "group") return groupPartition(task.chunks, task.config);
  const index = attachRecordIndex(task.index);
  if (!warmedUp && task.warmUp !== undefined) {
    warmedUp = true;
    // Twice over both types: the second round finds the first one's feedback for both.
    // The results are dropped; the kernel's caches are keyed by bytes and by chunk, so the
    // chunks after see nothing of it.
    for (let round = 0; round < 2; round++) for (const raw of task.warmUp) encodeChunk(raw, index, task.config);
  }
  return encodeChunk(task.raw, index, task.config);
}
