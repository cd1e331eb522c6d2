// The aggregations of the `search` backend, as the production system runs them: per
// output community (a term filter), buckets by day, [facet value,] event type, each with
// the event count, the summed size and HyperLogLog++ distinct counts. A composite
// aggregation pages through every bucket, so none is cut off whatever the number of values.

import { FACETS } from "../model/facets.js";
import { EVENT_FIELDS } from "./enriched-event-mapping.js";

/** OpenSearch's largest precision_threshold: counts below it are near exact. */
export const PRECISION_THRESHOLD = 40_000;
/**
 * Buckets per page. Not more: at precision_threshold 40,000 OpenSearch gives each bucket
 * of each cardinality aggregation a 2^18-byte HyperLogLog register array, so a page of
 * 64 buckets holds 64 x 4 x 256 KiB = 64 MiB of heap (500 tripped the circuit breaker
 * of a 1 GiB node). Halved further when the breaker trips anyway.
 */
export const COMPOSITE_PAGE_SIZE = 64;

/** One composite aggregation to page through: a community and a grouping. */
export interface GroupingQuery {
  /** Index of the community in the plan's output communities. */
  communityOutput: number;
  community: string;
  /** Subcount key index, or -1 for the totals (day, type only). */
  keyIndex: number;
  /** Where the previous page ended. */
  after?: Record<string, string>;
  /** Buckets per page (COMPOSITE_PAGE_SIZE, less after a circuit breaker tripped). */
  pageSize: number;
}

export interface BucketKey {
  day: string;
  type: string;
  value?: string;
}

export interface MetricBucket {
  key: BucketKey;
  doc_count: number;
  visitors: { value: number };
  records: { value: number };
  parents: { value: number };
  files: { value: number };
  volume: { value: number };
}

export interface CompositePage {
  buckets: MetricBucket[];
  after_key?: Record<string, string>;
}

const distinct = (field: string) => ({ cardinality: { field, precision_threshold: PRECISION_THRESHOLD } });

const METRICS = {
  visitors: distinct(EVENT_FIELDS.visitor),
  records: distinct(EVENT_FIELDS.record),
  parents: distinct(EVENT_FIELDS.parent),
  files: distinct(EVENT_FIELDS.file),
  volume: { sum: { field: EVENT_FIELDS.size } },
};

export function groupingSearchBody(query: GroupingQuery) {
  const sources: Record<string, { terms: { field: string } }>[] = [{ day: { terms: { field: EVENT_FIELDS.day } } }];
  if (query.keyIndex >= 0) sources.push({ value: { terms: { field: FACETS[query.keyIndex].key } } });
  sources.push({ type: { terms: { field: EVENT_FIELDS.type } } });
  return {
    size: 0,
    track_total_hits: false,
    query: { term: { [EVENT_FIELDS.community]: query.community } },
    aggs: {
      items: {
        composite: { size: query.pageSize, sources, ...(query.after === undefined ? {} : { after: query.after }) },
        aggs: METRICS,
      },
    },
  };
}
