// The group stage of the exact backends: one group task per partition, run by the
// transport (in process, or one per worker thread), over all encoded chunks.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { GroupPlan, ItemMetrics } from "../model/group-types.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import type { EngineTransport } from "./engine-transport.js";

export async function groupWithTransport(
  transport: EngineTransport,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
): Promise<ItemMetrics[]> {
  const buffers = chunks.filter((b) => b.length > 0);
  const { dayUnits, unitPartitions } = planUnits(plan.eventsPerDay, transport.partitions);
  return Promise.all(
    Array.from({ length: transport.partitions }, (_, partition) =>
      transport.group(buffers, {
        partition,
        partitions: transport.partitions,
        startDay: plan.startDay,
        dayCount: plan.dayCount,
        communityOutput: plan.communityOutput,
        globalOutput: plan.globalOutput,
        recordCount: run.record.size,
        parentCount: run.parent.size,
        dayUnits,
        unitPartitions,
        recordFacets: plan.recordFacets,
      }),
    ),
  );
}

/**
 * Units of group work and their partitions, from the events per day (the tally: no pass
 * over the events here). A day holding more than a partition's share is cut into as many
 * slices of its items (by hash) as shares it holds. Then the units go, largest first, each
 * to the partition with the fewest events so far (ties: the lowest partition), so that
 * the partitions end close to even: the bench's 1M repetitive days (up to 1.9x apart)
 * split 50.0 / 50.0 over two partitions, where runs of consecutive days could do no better
 * than 54.7 / 45.3. A partition's days need not touch: each reads only the chunks holding
 * one of them (group-partition.ts), and inputs in time order keep those few. With as many
 * days as partitions and none dominating, whole days: no partition even looks at another's
 * events. With fewer days (an hourly run of today), or one day holding most events, its
 * slices keep every partition busy.
 */
export function planUnits(eventsPerDay: Float64Array, partitions: number): { dayUnits: Int32Array; unitPartitions: Int32Array } {
  const dayCount = eventsPerDay.length;
  let total = 0;
  for (let day = 0; day < dayCount; day++) total += eventsPerDay[day];
  const share = total / partitions;
  const dayUnits = new Int32Array(dayCount + 1);
  const unitWeight: number[] = [];
  for (let day = 0; day < dayCount; day++) {
    const slices = partitions === 1 || share === 0 ? 1 : Math.min(partitions, Math.max(1, Math.ceil(eventsPerDay[day] / share - 1e-9)));
    dayUnits[day + 1] = dayUnits[day] + slices;
    for (let slice = 0; slice < slices; slice++) unitWeight.push(eventsPerDay[day] / slices);
  }
  const unitPartitions = new Int32Array(dayUnits[dayCount]);
  const load = new Float64Array(partitions);
  // Largest first; equal weights in unit order (a stable sort), so the plan is the same every run.
  const order = unitWeight.map((_, unit) => unit).sort((a, b) => unitWeight[b] - unitWeight[a]);
  for (const unit of order) {
    let lightest = 0;
    for (let partition = 1; partition < partitions; partition++) if (load[partition] < load[lightest]) lightest = partition;
    unitPartitions[unit] = lightest;
    load[lightest] += unitWeight[unit];
  }
  return { dayUnits, unitPartitions };
}
