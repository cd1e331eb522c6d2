// The OpenSearch sink's run record: the report of the last run that held the lock, a
// document beside the lock document (`last-run-<alias>` in `<prefix>usage-delta-locks`).

import type { Client } from "@opensearch-project/opensearch";
import { NO_CLIENT_RETRY, retryOpenSearch } from "../opensearch/retry-request.js";
import { retryPolicy } from "../opensearch/retry-policy.js";
import { searchTarget } from "../opensearch/search-target.js";
import { getLockIndexDocument, lockDocumentId, lockIndexName } from "./output-lock-opensearch.js";

export function runRecordId(prefix: string): string {
  return `last-run-${lockDocumentId(prefix)}`;
}

/** At the end of a run (the lock index exists: the run held its lock): retried once at most, a cluster gone now must not hold it up. */
export async function writeRunRecordOpenSearch(client: Client, prefix: string, record: object): Promise<void> {
  const index = lockIndexName(prefix);
  await retryOpenSearch(
    searchTarget(client, index),
    () => client.index({ index, id: runRecordId(prefix), body: { kind: "last-run", ...record } }, NO_CLIENT_RETRY),
    { ...retryPolicy(), maxRetries: 1 },
  );
}

export async function readRunRecordOpenSearch(client: Client, prefix: string): Promise<Record<string, unknown> | undefined> {
  const index = lockIndexName(prefix);
  const exists = await retryOpenSearch(searchTarget(client, index), () => client.indices.exists({ index }, NO_CLIENT_RETRY));
  if (exists.body !== true) return undefined;
  return (await getLockIndexDocument<Record<string, unknown>>(client, index, runRecordId(prefix)))?.source;
}
