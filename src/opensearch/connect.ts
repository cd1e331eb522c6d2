// A client for the cluster, checked before any work (a wrong URL or password fails at
// once, with the one-line error of opensearch-errors.ts). The CLI loads this module only
// when a run uses OpenSearch: the client library costs a file run ~100 ms of start-up.

import type { Client } from "@opensearch-project/opensearch";
import { createOpenSearchClient, type OpenSearchConnection } from "./client.js";
import { callOpenSearch } from "./opensearch-errors.js";

export async function connectOpenSearch(connection: OpenSearchConnection): Promise<Client> {
  const client = createOpenSearchClient(connection);
  try {
    await callOpenSearch({ url: connection.url }, () => client.info());
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
