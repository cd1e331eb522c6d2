// Aggregation buckets -> the ItemMetrics arrays the exact backends produce, so the
// documents stage (zero days, labels, ordering) is the same for every backend.

import { EVENT_TYPE } from "../columnar/encoded-chunk.js";
import { zeroedItemMetrics, type ItemMetrics } from "../model/group-types.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import { parseDayString } from "../model/day.js";
import { UsageDeltaError } from "../model/errors.js";
import { facetIdText } from "../model/facet-text.js";
import type { GroupPlan } from "../model/group-types.js";
import type { GroupingQuery, MetricBucket } from "./aggregation-queries.js";

export class ItemMetricsBuilder {
  private readonly rows: { community: number; day: number; facet: number; type: number; bucket: MetricBucket }[] = [];

  constructor(
    private readonly plan: GroupPlan,
    private readonly run: RunDictionaries,
  ) {}

  add(query: GroupingQuery, buckets: readonly MetricBucket[]): void {
    for (const bucket of buckets) {
      const day = parseDayString(bucket.key.day) - this.plan.startDay;
      if (!(day >= 0 && day < this.plan.dayCount)) throw this.unexpected(`day ${bucket.key.day}`);
      let facet = -1;
      if (query.keyIndex >= 0) {
        const code = this.run.facetId.codeOf(facetIdText(query.keyIndex, bucket.key.value ?? ""));
        if (code === undefined) throw this.unexpected(`facet value ${bucket.key.value}`);
        facet = code;
      }
      const type = bucket.key.type === "view" ? EVENT_TYPE.view : EVENT_TYPE.download;
      this.rows.push({ community: query.communityOutput, day, facet, type, bucket });
    }
  }

  finish(): ItemMetrics {
    const n = this.rows.length;
    const items = zeroedItemMetrics(n);
    this.rows.forEach(({ community, day, facet, type, bucket }, j) => {
      items.community[j] = community;
      items.day[j] = day;
      items.facet[j] = facet;
      items.type[j] = type;
      items.events[j] = bucket.doc_count;
      items.volume[j] = bucket.volume.value;
      items.visitors[j] = bucket.visitors.value;
      items.records[j] = bucket.records.value;
      items.parents[j] = bucket.parents.value;
      items.files[j] = bucket.files.value;
    });
    return items;
  }

  /** A bucket the index cannot hold unless indexing and aggregation disagree: a bug. */
  private unexpected(what: string): UsageDeltaError {
    return new UsageDeltaError("INTERNAL", `search backend: the aggregation returned an unknown ${what}`);
  }
}
