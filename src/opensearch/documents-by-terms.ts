// Fetches the documents whose `field` is one of many values (record documents by their
// `id`, the PID: the document `_id` of an InvenioRDM record is its UUID, so `mget` by
// PID would not find them): `terms` queries of `batchSize` values, a few in flight,
// each answer handed over as raw bytes (the workers parse them), in batch order.

import type { Client } from "@opensearch-project/opensearch";
import { searchRaw } from "./raw-search.js";
import { countHitsAtMost } from "./search-response-bytes.js";

export interface TermsFetchOptions {
  index: string;
  field: string;
  values: readonly string[];
  /** `_source` includes. */
  source: readonly string[];
  /** ~1000 values per request keeps a request well under the `terms` and body limits. */
  batchSize?: number;
  inFlight?: number;
}

export interface TermsPage {
  /** A search response body in shared memory. */
  bytes: Uint8Array;
  /** Hits in it, at most. */
  hits: number;
}

// Room for several documents per value (duplicates), within `index.max_result_window`.
const HITS_PER_REQUEST = 10_000;

export async function fetchByTerms(client: Client, url: string, options: TermsFetchOptions, onPage: (page: TermsPage) => Promise<void>): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  const path = `/${encodeURIComponent(options.index)}/_search`;
  const fetchBatch = (values: readonly string[]) =>
    searchRaw(
      client,
      {
        size: HITS_PER_REQUEST,
        query: { terms: { [options.field]: values } },
        _source: { includes: options.source },
        // A fixed order: where two documents share an id, the later one wins, every run the same.
        sort: ["_doc"],
        track_total_hits: false,
      },
      { url, index: options.index },
      path,
    );
  const pending: Promise<Uint8Array>[] = [];
  let next = 0;
  const inFlight = Math.max(1, options.inFlight ?? 3);
  try {
    while (next < options.values.length || pending.length > 0) {
      while (pending.length < inFlight && next < options.values.length) {
        const batch = fetchBatch(options.values.slice(next, next + batchSize));
        batch.catch(() => {}); // awaited in its turn; it may fail before that
        pending.push(batch);
        next += batchSize;
      }
      const bytes = await (pending.shift() as Promise<Uint8Array>);
      await onPage({ bytes, hits: countHitsAtMost(bytes) });
    }
  } finally {
    for (const request of pending) request.catch(() => {});
  }
}
