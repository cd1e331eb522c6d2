// One search (or other JSON request) whose answer the coordinator parses: aggregations,
// record documents, membership events; small answers, unlike the event pages
// (raw-search.ts). A failed shard or a timeout is an error, not a partial answer
// (partial-answer.ts); no answer, 429, 5xx and a busy shard are retried (retry-request.ts).

import type { Client } from "@opensearch-project/opensearch";
import type { OpenSearchTarget } from "./opensearch-errors.js";
import { partialAnswerError } from "./partial-answer.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import type { SearchHeader } from "./search-response-bytes.js";

export async function searchJson<T>(client: Client, body: object, target: OpenSearchTarget, path = "/_search"): Promise<T> {
  const response = await retryOpenSearch(target, async () => {
    const answer = await client.transport.request({ method: "POST", path, body }, NO_CLIENT_RETRY);
    const partial = partialAnswerError(answer.body as SearchHeader, target);
    if (partial !== undefined) throw partial;
    return answer;
  });
  return response.body as T;
}
