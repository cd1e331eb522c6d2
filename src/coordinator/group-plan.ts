// What the group stage computes: which days and which communities, in output order.

import type { RunDictionaries } from "../model/run-dictionaries.js";
import type { GroupPlan } from "../model/group-types.js";
import type { RecordFacetValues } from "../model/event-facet-ids.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";

/**
 * Requested communities, or every community the run has seen; plus global; sorted.
 * `eventsPerDay`: the tallied counts, by day. `recordFacets`: the record index's facet
 * values (its buffers), which the events' `recordFacets` column refers to.
 */
export function planGroups(
  startDay: number,
  endDay: number,
  requested: readonly string[] | undefined,
  run: RunDictionaries,
  eventsPerDay: ReadonlyMap<number, number>,
  recordFacets: RecordFacetValues,
): GroupPlan {
  const names = new Set(requested ?? run.community.strings);
  names.add(GLOBAL_COMMUNITY);
  const communities = [...names].sort();
  const communityOutput = new Int32Array(run.community.size).fill(-1);
  communities.forEach((community, output) => {
    const code = run.community.codeOf(community);
    if (code !== undefined) communityOutput[code] = output;
  });
  const dayCount = endDay - startDay + 1;
  const events = new Float64Array(dayCount);
  for (let day = 0; day < dayCount; day++) events[day] = eventsPerDay.get(startDay + day) ?? 0;
  return {
    startDay,
    dayCount,
    communities,
    communityOutput,
    globalOutput: communities.indexOf(GLOBAL_COMMUNITY),
    eventsPerDay: events,
    recordFacets: { facetOffsets: recordFacets.facetOffsets, facetValues: recordFacets.facetValues },
  };
}
