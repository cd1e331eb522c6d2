// The distinct values of a keyword field, the fallback way (distinct-values.ts uses it
// where `search.max_buckets` is too low for its partitions): a composite aggregation
// paged with `after_key`, inside a point in time. Each page is a pass over every
// matching document, so pages are as large as the cluster allows.

import type { Client } from "@opensearch-project/opensearch";
import { OpenSearchError } from "./opensearch-errors.js";
import { pitClause, type PointInTime } from "./point-in-time.js";
import { searchJson } from "./search-json.js";

interface CompositeResponse {
  aggregations?: { values?: { after_key?: Record<string, unknown>; buckets?: { key: { value: unknown } }[] } };
}

/** Tried in turn until the cluster accepts one. */
export const COMPOSITE_PAGE_SIZES = [10_000, 1_000] as const;

export async function forEachCompositeValue(
  client: Client,
  url: string,
  pit: PointInTime,
  field: string,
  query: object,
  onValue: (value: string) => void,
  pageSizes: readonly number[] = COMPOSITE_PAGE_SIZES,
): Promise<void> {
  let after: Record<string, unknown> | undefined;
  let sizes = pageSizes;
  for (;;) {
    const size = sizes[0];
    const composite = { size, sources: [{ value: { terms: { field } } }], ...(after === undefined ? {} : { after }) };
    const body = { size: 0, pit: pitClause(pit), query, track_total_hits: false, aggs: { values: { composite } } };
    let response: CompositeResponse;
    try {
      response = await searchJson<CompositeResponse>(client, body, { url, index: pit.index });
    } catch (error) {
      if (!(error instanceof OpenSearchError && error.errorType === "too_many_buckets_exception" && sizes.length > 1)) throw error;
      sizes = sizes.slice(1);
      continue;
    }
    const values = response.aggregations?.values;
    for (const bucket of values?.buckets ?? []) onValue(String(bucket.key.value));
    if ((values?.buckets?.length ?? 0) < size || values?.after_key === undefined) return;
    after = values.after_key;
  }
}
