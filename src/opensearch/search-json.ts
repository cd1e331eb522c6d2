// One search (or other JSON request) whose answer the coordinator parses: aggregations,
// record documents, membership events; small answers, unlike the event pages
// (raw-search.ts). A failed shard or a timeout is an error, not a partial answer; no
// answer, 429 and 5xx are retried (retry-request.ts).

import type { Client } from "@opensearch-project/opensearch";
import { displayUrl } from "./client.js";
import { OpenSearchError, type OpenSearchTarget } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { incompletePage, type SearchHeader } from "./search-response-bytes.js";

export async function searchJson<T>(client: Client, body: object, target: OpenSearchTarget, path = "/_search"): Promise<T> {
  const response = await retryOpenSearch(target, () => client.transport.request({ method: "POST", path, body }, NO_CLIENT_RETRY));
  const incomplete = incompletePage(response.body as SearchHeader);
  if (incomplete !== undefined) {
    throw new OpenSearchError("refused", `OpenSearch at ${displayUrl(target.url)} answered a search on ${target.index ?? "?"} only in part: ${incomplete}`, target.index);
  }
  return response.body as T;
}
