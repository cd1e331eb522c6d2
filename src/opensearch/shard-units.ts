// Splits a point in time into units of exactly one shard each, the streams that are read
// in parallel. Why: OpenSearch 2.x has no `_shard_doc` sort, and `_doc` (the cheap sort
// for paging) is a doc id *within a shard*: two shards have the same `_doc` values, and
// `search_after: [n]` over several shards skips the other shards' docs numbered n.
// Within one shard, `_doc` is unique. So a unit is one index (a `term` on `_index`:
// the other shards are skipped before searching), and an index of n shards becomes n
// units with `slice: {id: i, max: n}`: with as many slices as the index has shards,
// OpenSearch gives slice i exactly shard i (no per-document slice filter to compute).

import type { Client } from "@opensearch-project/opensearch";
import type { OpenSearchTarget } from "./opensearch-errors.js";
import { pitClause, type PointInTime } from "./point-in-time.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { searchJson } from "./search-json.js";

export interface ShardUnit {
  /** The concrete index. */
  index: string;
  /** For an index of several shards: slice i of n = shard i. */
  slice?: { id: number; max: number };
  /** Documents of the unit matching the query (for a slice: its share of the index's count, for progress). */
  docs: number;
}

interface IndexCountResponse {
  aggregations?: { indices?: { buckets?: { key: string; doc_count: number }[] } };
}

type SettingsResponse = Record<string, { settings?: Record<string, string> }>;

const SHARDS_SETTING = "index.number_of_shards";

/** The units of `pit` holding documents that match `query`, in index name order. */
export async function listShardUnits(client: Client, pit: PointInTime, query: object, url: string): Promise<ShardUnit[]> {
  const target = { url, index: pit.index };
  // Counted inside the point in time: exactly the indices (and counts) the pages will see.
  const counts = await searchJson<IndexCountResponse>(
    client,
    {
      size: 0,
      pit: pitClause(pit),
      query,
      track_total_hits: false,
      aggs: { indices: { terms: { field: "_index", size: 10_000 } } },
    },
    target,
  );
  const buckets = (counts.aggregations?.indices?.buckets ?? []).slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (buckets.length === 0) return [];
  const shards = await shardCounts(
    client,
    buckets.map((b) => b.key),
    target,
  );
  const units: ShardUnit[] = [];
  for (const { key: index, doc_count: docs } of buckets) {
    const n = shards.get(index) ?? 1;
    if (n === 1) units.push({ index, docs });
    else for (let id = 0; id < n; id++) units.push({ index, slice: { id, max: n }, docs: Math.floor(docs / n) + (id < docs % n ? 1 : 0) });
  }
  return units;
}

async function shardCounts(client: Client, indices: string[], target: OpenSearchTarget): Promise<Map<string, number>> {
  const read = async (index: string) => {
    const { body } = await retryOpenSearch(target, () => client.indices.getSettings({ index, name: SHARDS_SETTING, flat_settings: true }, NO_CLIENT_RETRY));
    return body as SettingsResponse;
  };
  // Asked of the alias (one short request, whatever the number of monthly indices); an
  // index that left the alias since the point in time was opened is asked by name.
  const settings = await read(target.index ?? indices.join(","));
  const counts = new Map<string, number>();
  for (const index of indices) {
    const entry = settings[index] ?? (await read(index))[index];
    counts.set(index, Number(entry?.settings?.[SHARDS_SETTING] ?? 1));
  }
  return counts;
}

/** The query of one unit: `query` on its index (and its slice). */
export function unitQuery(unit: ShardUnit, query: object): { query: object; slice?: { id: number; max: number } } {
  const onIndex = { bool: { filter: [{ term: { _index: unit.index } }, query] } };
  return unit.slice === undefined ? { query: onIndex } : { query: onIndex, slice: unit.slice };
}
