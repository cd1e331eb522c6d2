// The group stage of the exact backends: one group task per partition, run by the
// transport (in process, or one per worker thread), over all encoded chunks.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { ItemMetrics } from "../model/group-types.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import type { EngineTransport } from "./engine-transport.js";
import type { GroupPlan } from "../model/group-types.js";

export async function groupWithTransport(
  transport: EngineTransport,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
): Promise<ItemMetrics[]> {
  const buffers = chunks.filter((b) => b.length > 0);
  const dayPartitions = partitionDays(buffers, plan, transport.partitions);
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
        dayPartitions,
      }),
    ),
  );
}

/**
 * With at least as many days as partitions, each partition takes a run of whole days
 * holding about an equal share of the events: then no worker even looks at another's
 * events. With fewer days (an hourly run of today), null: items are split by hash.
 */
function partitionDays(chunks: readonly EncodedChunkBuffers[], plan: GroupPlan, partitions: number): Int32Array | null {
  if (partitions === 1 || plan.dayCount < partitions) return null;
  const eventsPerDay = new Float64Array(plan.dayCount);
  let total = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      const day = c.day[i] - plan.startDay;
      if (day >= 0 && day < plan.dayCount) { eventsPerDay[day]++; total++; }
    }
  }
  const owner = new Int32Array(plan.dayCount);
  let partition = 0;
  let seen = 0;
  for (let day = 0; day < plan.dayCount; day++) {
    // Move on once this partition has its share, keeping a day for each one after it.
    if (partition < partitions - 1 && seen >= ((partition + 1) * total) / partitions && plan.dayCount - day >= partitions - partition - 1) partition++;
    owner[day] = partition;
    seen += eventsPerDay[day];
  }
  return owner;
}
