// The piscina worker entry: attach the shared record index (once per build), then run
// the enrich or the group kernel. Pure computation: no I/O, no logging.

import type { EncodedChunk } from "../src/model/chunk-types.js";
import { encodeChunk } from "../src/encode/encode-chunk.js";
import { extractRecordChunk, type ExtractedRecordChunk } from "../src/records/extract-record-chunk.js";
import { extractMembershipChunk, type CodedMembership } from "../src/records/membership-rows.js";
import { attachRecordIndex } from "../src/records/record-index.js";
import { groupPartition } from "../src/group/group-partition.js";
import type { ItemMetrics } from "../src/model/group-types.js";
import type { EngineTask } from "../src/model/engine-tasks.js";

export default function runEngineTask(task: EngineTask): EncodedChunk | ItemMetrics | ExtractedRecordChunk | CodedMembership {
  if (task.kind === "records") return extractRecordChunk(task.raw);
  if (task.kind === "membership") return extractMembershipChunk(task.raw);
  if (task.kind === "encode") return encodeChunk(task.raw, attachRecordIndex(task.index), task.config);
  return groupPartition(task.chunks, task.config);
}
