// The distinct values of a keyword field among the documents a query matches: a
// composite aggregation paged with `after_key`, inside a point in time so that the
// values are those of exactly the documents the pages will read.

import type { Client } from "@opensearch-project/opensearch";
import { OpenSearchError } from "./opensearch-errors.js";
import { pitClause, type PointInTime } from "./point-in-time.js";
import { searchJson } from "./search-json.js";

interface CompositeResponse {
  aggregations?: { values?: { after_key?: Record<string, unknown>; buckets?: { key: { value: unknown } }[] } };
}

/**
 * Buckets per request. Each request is a pass over every matching document (the field
 * is not the index sort), so few large pages: 50,000 ids in one pass where 10,000-bucket
 * pages took five (measured: 1.6 s against 2.4 s for 665,000 events). A cluster whose
 * `search.max_buckets` is lower gets the smaller page.
 */
export const COMPOSITE_PAGE_SIZES = [50_000, 10_000] as const;

export async function forEachDistinctValue(
  client: Client,
  url: string,
  pit: PointInTime,
  field: string,
  query: object,
  onValue: (value: string) => void,
): Promise<void> {
  let after: Record<string, unknown> | undefined;
  let size: number = COMPOSITE_PAGE_SIZES[0];
  for (;;) {
    const composite = { size, sources: [{ value: { terms: { field } } }], ...(after === undefined ? {} : { after }) };
    const body = { size: 0, pit: pitClause(pit), query, track_total_hits: false, aggs: { values: { composite } } };
    let response: CompositeResponse;
    try {
      response = await searchJson<CompositeResponse>(client, body, { url, index: pit.index });
    } catch (error) {
      if (!(error instanceof OpenSearchError && error.errorType === "too_many_buckets_exception" && size > COMPOSITE_PAGE_SIZES[1])) throw error;
      size = COMPOSITE_PAGE_SIZES[1];
      continue;
    }
    const values = response.aggregations?.values;
    for (const bucket of values?.buckets ?? []) onValue(String(bucket.key.value));
    if ((values?.buckets?.length ?? 0) < size || values?.after_key === undefined) return;
    after = values.after_key;
  }
}
