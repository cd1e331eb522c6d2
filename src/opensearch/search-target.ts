// What a request goes to, for error messages (src/opensearch/opensearch-errors.ts): the
// client's node and, where one is concerned, the index.

import type { Client } from "@opensearch-project/opensearch";
import type { OpenSearchTarget } from "./opensearch-errors.js";

export function searchTarget(client: Client, index?: string): OpenSearchTarget {
  const url = client.connectionPool.connections[0]?.url.href ?? "(no node)";
  return index === undefined ? { url } : { url, index };
}
