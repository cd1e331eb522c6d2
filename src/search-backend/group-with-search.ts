// The group stage of the `search` backend (the baseline we replace): the enriched events
// into a temporary index, OpenSearch aggregations per community, buckets -> ItemMetrics.
// Distinct counts come from HyperLogLog++: approximate above the precision threshold.

import type { Client } from "@opensearch-project/opensearch";
import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import type { ItemMetrics } from "../model/group-types.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import { UsageError } from "../model/errors.js";
import { FACET_COUNT } from "../model/facets.js";
import type { BulkWriterOptions } from "../opensearch/bulk-writer.js";
import { callOpenSearch } from "../opensearch/opensearch-errors.js";
import { searchTarget } from "../opensearch/search-target.js";
import type { GroupPlan } from "../model/group-types.js";
import { COMPOSITE_PAGE_SIZE, type GroupingQuery } from "./aggregation-queries.js";
import { ItemMetricsBuilder } from "./buckets-to-metrics.js";
import type { DocumentComparison } from "../model/compare-documents.js";
import { enrichedEventIndexBody } from "./enriched-event-mapping.js";
import { indexEnrichedEvents } from "./index-enriched-events.js";
import { pageGroupings } from "./page-groupings.js";
import { removeStaleTemporaryIndices, temporaryIndexName, withTemporaryIndex } from "./temporary-index.js";

export interface SearchBackendConfig {
  client: Client;
  /** Index prefix of the instance; the temporary index is `<prefix>usage-delta-tmp-<pid>-<random>`. */
  prefix?: string;
  bulk?: BulkWriterOptions;
  /** Searches the node runs at once (default 2); each holds up to 64 MiB of HyperLogLog registers. */
  concurrentSearches?: number;
  /** Also run the exact group stage and report how far the distinct counts are off. */
  compareExact?: boolean;
  /** Called once the events are indexed and searchable (tests inject failures here). */
  afterIndexing?: (index: string) => void | Promise<void>;
}

export interface SearchBackendReport {
  temporaryIndex: string;
  /** Temporary indices that killed runs on this host had left, deleted before this one was made. */
  staleIndicesRemoved: string[];
  indexedEvents: number;
  bulkRequests: number;
  searches: number;
  buckets: number;
  timingsMs: { index: number; aggregate: number };
  /** With `compareExact`: the documents against the exact backend's. */
  comparison?: DocumentComparison;
}

export async function groupWithSearch(
  config: SearchBackendConfig | undefined,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
): Promise<{ items: ItemMetrics[]; report: SearchBackendReport }> {
  if (config === undefined) throw new UsageError("--backend search needs an OpenSearch cluster to aggregate in (--os-url)");
  const { client } = config;
  const staleIndicesRemoved = await removeStaleTemporaryIndices(client, config.prefix ?? "");
  const name = temporaryIndexName(config.prefix ?? "");
  return withTemporaryIndex(client, name, enrichedEventIndexBody(), async ({ index, writeAlias }) => {
    let started = performance.now();
    const indexed = await indexEnrichedEvents(client, writeAlias, chunks, run, plan, config.bulk);
    await callOpenSearch(searchTarget(client, index), () => client.indices.refresh({ index }));
    const indexMs = Math.round(performance.now() - started);
    await config.afterIndexing?.(index);

    started = performance.now();
    const builder = new ItemMetricsBuilder(plan, run);
    let buckets = 0;
    const searches = await pageGroupings(
      client,
      index,
      groupingQueries(plan),
      (query, page) => {
        buckets += page.length;
        builder.add(query, page);
      },
      config.concurrentSearches ?? 2,
    );
    const report: SearchBackendReport = {
      temporaryIndex: index,
      staleIndicesRemoved,
      indexedEvents: indexed.events,
      bulkRequests: indexed.requests,
      searches,
      buckets,
      timingsMs: { index: indexMs, aggregate: Math.round(performance.now() - started) },
    };
    return { items: [builder.finish()], report };
  });
}

/** Per output community: the totals and each subcount key. */
function groupingQueries(plan: GroupPlan): GroupingQuery[] {
  return plan.communities.flatMap((community, communityOutput) =>
    Array.from({ length: FACET_COUNT + 1 }, (_, k) => ({ communityOutput, community, keyIndex: k - 1, pageSize: COMPOSITE_PAGE_SIZE })),
  );
}
