// A client for the cluster, checked before any work (a wrong URL or password fails at
// once, with the one-line error of opensearch-errors.ts; a cluster that answers 429 or
// 5xx is there, only busy, and is asked again as every request is: retry-request.ts).
// The CLI loads this module only when a run uses OpenSearch: the client library costs a
// file run ~100 ms of start-up.

import type { Client } from "@opensearch-project/opensearch";
import { createOpenSearchClient, type OpenSearchConnection } from "./client.js";
import { OpenSearchError } from "./opensearch-errors.js";
import { isRetryable, NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { retryPolicy } from "./retry-policy.js";

export async function connectOpenSearch(connection: OpenSearchConnection): Promise<Client> {
  const client = createOpenSearchClient(connection);
  try {
    const answered = (error: unknown) => isRetryable(error) && error instanceof OpenSearchError && error.status !== 0;
    await retryOpenSearch({ url: connection.url }, () => client.info({}, NO_CLIENT_RETRY), retryPolicy(), answered);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
