// The OpenSearch sink's run record: the report of the last run that held the lock, a
// document beside the lock document (`last-run-<alias>` in `<prefix>usage-delta-locks`).

import type { Client } from "@opensearch-project/opensearch";
import { callOpenSearch } from "../opensearch/opensearch-errors.js";
import { searchTarget } from "../opensearch/search-target.js";
import { ensureLockIndex, getLockIndexDocument, lockDocumentId, lockIndexName } from "./output-lock-opensearch.js";

export function runRecordId(prefix: string): string {
  return `last-run-${lockDocumentId(prefix)}`;
}

export async function writeRunRecordOpenSearch(client: Client, prefix: string, record: object): Promise<void> {
  const index = lockIndexName(prefix);
  await ensureLockIndex(client, index);
  await callOpenSearch(searchTarget(client, index), () => client.index({ index, id: runRecordId(prefix), body: { kind: "last-run", ...record } }));
}

export async function readRunRecordOpenSearch(client: Client, prefix: string): Promise<Record<string, unknown> | undefined> {
  const index = lockIndexName(prefix);
  const exists = await callOpenSearch(searchTarget(client, index), () => client.indices.exists({ index }));
  if (exists.body !== true) return undefined;
  return (await getLockIndexDocument<Record<string, unknown>>(client, index, runRecordId(prefix)))?.source;
}
