// Runs the grouping queries with multi-search requests, page by page: every query's
// first page, then the next page of the queries that have one, until none has. A search
// that trips a circuit breaker (429) is asked again for half as many buckets.

import type { Client } from "@opensearch-project/opensearch";
import { callOpenSearch, responseError } from "../opensearch/opensearch-errors.js";
import { searchTarget } from "../opensearch/search-target.js";
import { groupingSearchBody, type CompositePage, type GroupingQuery, type MetricBucket } from "./aggregation-queries.js";

/** Searches per multi-search request. */
const SEARCHES_PER_REQUEST = 16;
const MAX_BREAKER_TRIPS = 12;

interface MultiSearchAnswer {
  responses: { aggregations?: { items?: CompositePage }; error?: unknown; status?: number }[];
}

/** Calls `onBuckets` with every bucket of every query; returns the number of searches run. */
export async function pageGroupings(
  client: Client,
  index: string,
  queries: readonly GroupingQuery[],
  onBuckets: (query: GroupingQuery, buckets: readonly MetricBucket[]) => void,
  /** How many searches of a multi-search the node runs at once (each holds a page's registers). */
  concurrentSearches: number,
): Promise<number> {
  let searches = 0;
  let trips = 0;
  let pending = queries;
  while (pending.length > 0) {
    const next: GroupingQuery[] = [];
    for (let at = 0; at < pending.length; at += SEARCHES_PER_REQUEST) {
      const batch = pending.slice(at, at + SEARCHES_PER_REQUEST);
      const body = batch.flatMap((query) => [{}, groupingSearchBody(query)]);
      const answer = await callOpenSearch(searchTarget(client, index), () => client.msearch({ index, max_concurrent_searches: concurrentSearches, body }));
      const { responses } = answer.body as unknown as MultiSearchAnswer;
      searches += batch.length;
      for (const [i, query] of batch.entries()) {
        const response = responses[i];
        const page = response?.aggregations?.items;
        if (page !== undefined) {
          onBuckets(query, page.buckets);
          if (page.buckets.length === query.pageSize && page.after_key !== undefined) next.push({ ...query, after: page.after_key });
        } else if (response?.status === 429 && ++trips <= MAX_BREAKER_TRIPS) {
          next.push({ ...query, pageSize: Math.max(1, Math.floor(query.pageSize / 2)) });
          await pause(250 * trips); // let the node collect the garbage of the tripped search
        } else {
          throw responseError(response?.status ?? 500, response, searchTarget(client, index));
        }
      }
    }
    pending = next;
  }
  return searches;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
