// Bookmarks of the OpenSearch sink, in an index compatible with invenio-stats-dashboard's
// `stats-bookmarks-community` (its CommunityBookmarkAPI): one document per aggregation and
// community, id `{agg_name}_{community_id}`, fields `date`, `aggregation_type`,
// `community_id`. Created with the dashboard's small strict mapping when absent.

import type { Client } from "@opensearch-project/opensearch";
import { formatDay, MS_PER_DAY, parseTimestampMs } from "../model/day.js";
import { clientBulkSend } from "../opensearch/bulk-send.js";
import { writeBulk, type BulkOperation } from "../opensearch/bulk-writer.js";
import { OpenSearchError } from "../opensearch/opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "../opensearch/retry-request.js";
import { searchJson } from "../opensearch/search-json.js";
import { searchTarget } from "../opensearch/search-target.js";
import { BOOKMARK_AGGREGATION, type BookmarkStore, type Bookmarks } from "./bookmark-store.js";

export const BOOKMARK_INDEX_BASE = "stats-bookmarks-community";

/** The dashboard's mapping of the bookmark index. */
export const BOOKMARK_INDEX_BODY = {
  mappings: {
    dynamic: "strict",
    properties: {
      date: { type: "date", format: "date_optional_time" },
      aggregation_type: { type: "keyword" },
      community_id: { type: "keyword" },
    },
  },
} as const;

interface BookmarkHit {
  _source?: { date?: unknown; community_id?: unknown };
  sort?: unknown[];
}

// Communities per page of the read; a repository has a few thousand at most.
const PAGE_SIZE = 1000;

export function openSearchBookmarkStore(client: Client, prefix = "", aggregation = BOOKMARK_AGGREGATION): BookmarkStore {
  const index = `${prefix}${BOOKMARK_INDEX_BASE}`;
  const target = searchTarget(client, index);
  return {
    location: `OpenSearch ${index}`,
    async read() {
      const exists = await retryOpenSearch(target, () => client.indices.exists({ index }, NO_CLIENT_RETRY));
      if (exists.body !== true) return new Map();
      const bookmarks = new Map<string, string>();
      let after: unknown[] | undefined;
      for (;;) {
        const body = {
          size: PAGE_SIZE,
          query: { term: { aggregation_type: aggregation } },
          _source: ["date", "community_id"],
          sort: [{ community_id: "asc" }],
          ...(after === undefined ? {} : { search_after: after }),
        };
        const page = await searchJson<{ hits?: { hits?: BookmarkHit[] } }>(client, body, target, `/${encodeURIComponent(index)}/_search`);
        const hits = page.hits?.hits ?? [];
        for (const hit of hits) {
          const { date, community_id: community } = hit._source ?? {};
          // `date` as the dashboard writes it (an ISO date, maybe a time and a zone): its UTC day.
          const ms = typeof date === "string" ? parseTimestampMs(date, false) : NaN;
          if (typeof community === "string" && !Number.isNaN(ms)) bookmarks.set(community, formatDay(Math.floor(ms / MS_PER_DAY)));
        }
        if (hits.length < PAGE_SIZE) return bookmarks;
        after = hits[hits.length - 1].sort;
      }
    },
    // Never `replace`: the sink overwrites documents by id, it never replaces the index whole.
    async write(moved: Bookmarks) {
      if (moved.size === 0) return;
      await ensureBookmarkIndex(client, index);
      const operations = [...moved].map(([community, day]): BulkOperation => ({
        index,
        id: `${aggregation}_${community}`,
        source: JSON.stringify({ date: `${day}T00:00:00`, aggregation_type: aggregation, community_id: community }),
      }));
      const report = await writeBulk(clientBulkSend(client), operations);
      if (report.failed > 0) {
        throw new OpenSearchError(
          "refused",
          `OpenSearch did not take ${report.failed} bookmarks in ${index}: ${report.failures[0]?.reason ?? "unknown reason"}`,
          index,
        );
      }
      await retryOpenSearch(target, () => client.indices.refresh({ index }, NO_CLIENT_RETRY));
    },
  };
}

async function ensureBookmarkIndex(client: Client, index: string): Promise<void> {
  const target = searchTarget(client, index);
  const exists = await retryOpenSearch(target, () => client.indices.exists({ index }, NO_CLIENT_RETRY));
  if (exists.body === true) return;
  // Another run may create it at the same moment: "already exists" is fine.
  const created = await retryOpenSearch(target, () => client.indices.create({ index, body: BOOKMARK_INDEX_BODY }, { ...NO_CLIENT_RETRY, ignore: [400] }));
  const answer = created.body as { acknowledged?: boolean; error?: { type?: string } };
  if (answer.acknowledged !== true && answer.error?.type !== "resource_already_exists_exception") {
    await retryOpenSearch(target, () => client.indices.create({ index, body: BOOKMARK_INDEX_BODY }, NO_CLIENT_RETRY));
  }
}
