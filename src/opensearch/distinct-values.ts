// The distinct values of a keyword field among the documents a query matches (the
// record ids the events name), exactly, inside a point in time. A `terms` aggregation
// split into hash partitions of at most ~40,000 values each, the number of partitions
// chosen from a `cardinality` estimate; a partition that overflowed (some values left
// out: `sum_other_doc_count` > 0) makes the whole count start again with twice the
// partitions, so the answer is never approximate. Measured on 665,000 events with
// 45,000 ids: cardinality 0.12 s + one terms pass 0.5 s, where a composite aggregation
// took 1.5 s. Where `search.max_buckets` is below a partition's size, the composite
// aggregation (composite-values.ts) does the job in smaller pages.

import type { Client } from "@opensearch-project/opensearch";
import { forEachCompositeValue } from "./composite-values.js";
import { OpenSearchError } from "./opensearch-errors.js";
import { pitClause, type PointInTime } from "./point-in-time.js";
import { searchJson } from "./search-json.js";

/** Values expected per partition, and buckets asked for: room for an estimate 50% low. */
export const DISTINCT_PARTITION = { expectedValues: 40_000, buckets: 60_000 } as const;

interface TermsAnswer {
  aggregations?: { values?: { buckets?: { key: unknown }[]; sum_other_doc_count?: number; doc_count_error_upper_bound?: number } };
}

interface CardinalityAnswer {
  aggregations?: { values?: { value?: number } };
}

export async function forEachDistinctValue(
  client: Client,
  url: string,
  pit: PointInTime,
  field: string,
  query: object,
  onValue: (value: string) => void,
  partition: { expectedValues: number; buckets: number } = DISTINCT_PARTITION,
): Promise<void> {
  const search = <T>(aggs: object) =>
    searchJson<T>(client, { size: 0, pit: pitClause(pit), query, track_total_hits: false, aggs: { values: aggs } }, { url, index: pit.index });
  try {
    const estimate =
      (await search<CardinalityAnswer>({ cardinality: { field, precision_threshold: DISTINCT_PARTITION.expectedValues } })).aggregations?.values?.value ?? 0;
    for (let partitions = Math.max(1, Math.ceil(estimate / partition.expectedValues)); ; partitions *= 2) {
      const values: string[] = [];
      let whole = true;
      for (let p = 0; p < partitions && whole; p++) {
        const size = partition.buckets;
        const answer = await search<TermsAnswer>({
          terms: { field, size, shard_size: size, order: { _key: "asc" }, include: { partition: p, num_partitions: partitions } },
        });
        const terms = answer.aggregations?.values;
        whole = (terms?.sum_other_doc_count ?? 0) === 0 && (terms?.doc_count_error_upper_bound ?? 0) === 0;
        for (const bucket of terms?.buckets ?? []) values.push(String(bucket.key));
      }
      if (whole) {
        for (const value of values) onValue(value);
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof OpenSearchError && error.errorType === "too_many_buckets_exception")) throw error;
    await forEachCompositeValue(client, url, pit, field, query, onValue);
  }
}
