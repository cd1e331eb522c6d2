// Points in time (OpenSearch 2.x: `POST /<index>/_search/point_in_time`): a frozen view
// of an alias's indices, so that paging with `search_after` on `_doc` sees the same
// documents with the same doc ids however long the read takes and whatever is indexed,
// merged or deleted meanwhile. Every search through it renews `keep_alive`.

import type { Client } from "@opensearch-project/opensearch";
import { OpenSearchError, type OpenSearchTarget } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { displayUrl } from "./client.js";

/** Between two pages of one stream; a page takes well under a second to fetch. */
export const PIT_KEEP_ALIVE = "2m";

export interface PointInTime {
  id: string;
  /** Renewed by every search through it. */
  keepAlive: string;
  /** The alias or index it was opened on. */
  index: string;
  /** Shards it covers (over all the alias's indices). */
  shards: number;
}

/** Opens a point in time; an absent index or alias throws an `index-not-found` OpenSearchError. */
export async function openPointInTime(client: Client, target: Required<OpenSearchTarget>, keepAlive: string = PIT_KEEP_ALIVE): Promise<PointInTime> {
  const { body } = await retryOpenSearch(target, () =>
    // No partial point in time: a shard missing from it would be events silently missing.
    client.createPit({ index: [target.index], keep_alive: keepAlive, allow_partial_pit_creation: false }, NO_CLIENT_RETRY),
  );
  const failed = body._shards?.failed ?? 0;
  if (failed > 0) {
    await closePointInTime(client, body.pit_id);
    throw new OpenSearchError("refused", `OpenSearch at ${displayUrl(target.url)} could not open ${target.index} on ${failed} shards`, target.index);
  }
  return { id: body.pit_id, keepAlive, index: target.index, shards: body._shards?.total ?? 0 };
}

/** Closes a point in time; failures are ignored (it expires after `keep_alive` anyway). */
export async function closePointInTime(client: Client, id: string): Promise<void> {
  try {
    await client.deletePit({ body: { pit_id: [id] } }, { maxRetries: 0, requestTimeout: 10_000 });
  } catch {
    // Unreachable or already expired: nothing to clean up that keep_alive will not.
  }
}

/** The `pit` clause of a search body. */
export function pitClause(pit: PointInTime): { id: string; keep_alive: string } {
  return { id: pit.id, keep_alive: pit.keepAlive };
}
