// The group stage of the exact backends: one group task per partition, run by the
// transport (in process, or one per worker thread), over all encoded chunks.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { ItemMetrics } from "../group/group-partition.js";
import type { RunDictionaries } from "../merge/run-dictionaries.js";
import type { EngineTransport } from "./engine-transport.js";
import type { GroupPlan } from "./group-plan.js";

export async function groupWithTransport(
  transport: EngineTransport,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
): Promise<ItemMetrics[]> {
  const buffers = chunks.filter((b) => b.length > 0);
  return Promise.all(
    Array.from({ length: transport.partitions }, (_, partition) =>
      transport.group(buffers, {
        partition,
        partitions: transport.partitions,
        startDay: plan.startDay,
        dayCount: plan.dayCount,
        communityOutput: plan.communityOutput,
        globalOutput: plan.globalOutput,
        visitorCount: run.visitor.size,
        recordCount: run.record.size,
        parentCount: run.parent.size,
        fileCount: run.file.size,
      }),
    ),
  );
}
