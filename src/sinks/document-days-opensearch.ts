// The documents of each community in the OpenSearch sink, held against its bookmark, for
// `status`: one composite aggregation gives per community the count and the first and
// last day; a community whose count is less than its span of days has a gap, and only
// for it a daily histogram finds how many days are missing and the first one.

import type { Client } from "@opensearch-project/opensearch";
import { formatDay, MS_PER_DAY, parseDayString } from "../model/day.js";
import { isIndexNotFound } from "../opensearch/opensearch-errors.js";
import { searchJson } from "../opensearch/search-json.js";
import { searchTarget } from "../opensearch/search-target.js";
import { usageDeltaAlias } from "../opensearch/usage-delta-names.js";
import type { CommunityDocuments } from "./community-documents.js";
import type { Bookmarks } from "./bookmark-store.js";

interface CommunityBucket {
  key: { community: string };
  doc_count: number;
  first: { value: number | null };
  last: { value: number | null };
}

const PAGE = 1000;

export async function readCommunityDocumentsOpenSearch(client: Client, prefix: string, bookmarks: Bookmarks): Promise<Map<string, CommunityDocuments>> {
  const alias = usageDeltaAlias(prefix);
  const target = searchTarget(client, alias);
  const path = `/${encodeURIComponent(alias)}/_search`;
  const found = new Map<string, CommunityDocuments>();
  let after: { community: string } | undefined;
  for (;;) {
    const composite = { size: PAGE, sources: [{ community: { terms: { field: "community_id" } } }], ...(after === undefined ? {} : { after }) };
    const body = {
      size: 0,
      track_total_hits: false,
      aggs: { communities: { composite, aggs: { first: { min: { field: "period_start" } }, last: { max: { field: "period_start" } } } } },
    };
    let page: { aggregations?: { communities?: { buckets?: CommunityBucket[]; after_key?: { community: string } } } };
    try {
      page = await searchJson(client, body, target, path);
    } catch (error) {
      if (isIndexNotFound(error)) return found; // nothing written yet
      throw error;
    }
    const buckets = page.aggregations?.communities?.buckets ?? [];
    for (const bucket of buckets) {
      const community = bucket.key.community;
      const first = Math.floor((bucket.first.value ?? 0) / MS_PER_DAY);
      const last = Math.floor((bucket.last.value ?? 0) / MS_PER_DAY);
      const bookmark = bookmarks.get(community);
      const upTo = bookmark === undefined ? last : parseDayString(bookmark);
      const summary = { documents: bucket.doc_count, first_day: formatDay(first), last_day: formatDay(last) };
      // Ids are one per (community, day): as many documents as days means no gap at all.
      if (bucket.doc_count === last - first + 1) {
        const missing = Math.max(0, upTo - last);
        found.set(community, { ...summary, missing_days: missing, first_missing_day: missing > 0 ? formatDay(last + 1) : null });
      } else {
        found.set(community, { ...summary, ...(await gaps(client, path, community, first, upTo)) });
      }
    }
    after = page.aggregations?.communities?.after_key;
    if (buckets.length < PAGE || after === undefined) return found;
  }
}

async function gaps(
  client: Client,
  path: string,
  community: string,
  first: number,
  upTo: number,
): Promise<Pick<CommunityDocuments, "missing_days" | "first_missing_day">> {
  if (upTo < first) return { missing_days: 0, first_missing_day: null };
  const bounds = { min: first * MS_PER_DAY, max: upTo * MS_PER_DAY };
  const body = {
    size: 0,
    query: {
      bool: {
        filter: [
          { term: { community_id: community } },
          { range: { period_start: { gte: bounds.min, lte: bounds.max + MS_PER_DAY - 1, format: "epoch_millis" } } },
        ],
      },
    },
    aggs: { days: { date_histogram: { field: "period_start", calendar_interval: "1d", min_doc_count: 0, extended_bounds: bounds } } },
  };
  const page = await searchJson<{ aggregations?: { days?: { buckets?: { key: number; doc_count: number }[] } } }>(client, body, searchTarget(client), path);
  const empty = (page.aggregations?.days?.buckets ?? []).filter((bucket) => bucket.doc_count === 0);
  return { missing_days: empty.length, first_missing_day: empty.length === 0 ? null : formatDay(Math.floor(empty[0].key / MS_PER_DAY)) };
}
