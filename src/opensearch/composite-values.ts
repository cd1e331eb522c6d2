// The distinct values of a keyword field among the documents a query matches: a
// composite aggregation paged with `after_key`, inside a point in time so that the
// values are those of exactly the documents the pages will read.

import type { Client } from "@opensearch-project/opensearch";
import { pitClause, type PointInTime } from "./point-in-time.js";
import { searchJson } from "./search-json.js";

interface CompositeResponse {
  aggregations?: { values?: { after_key?: Record<string, unknown>; buckets?: { key: { value: unknown } }[] } };
}

/** Buckets per request: the composite aggregation's cost is a pass over the matching docs, so few large pages. */
export const COMPOSITE_PAGE_SIZE = 10_000;

export async function forEachDistinctValue(
  client: Client,
  url: string,
  pit: PointInTime,
  field: string,
  query: object,
  onValue: (value: string) => void,
): Promise<void> {
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const composite = { size: COMPOSITE_PAGE_SIZE, sources: [{ value: { terms: { field } } }], ...(after === undefined ? {} : { after }) };
    const body = { size: 0, pit: pitClause(pit), query, track_total_hits: false, aggs: { values: { composite } } };
    const response = await searchJson<CompositeResponse>(client, body, { url, index: pit.index });
    const values = response.aggregations?.values;
    for (const bucket of values?.buckets ?? []) onValue(String(bucket.key.value));
    if ((values?.buckets?.length ?? 0) < COMPOSITE_PAGE_SIZE || values?.after_key === undefined) return;
    after = values.after_key;
  }
}
