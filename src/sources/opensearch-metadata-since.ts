// The OpenSearch source with a metadata cache (`--metadata-cache`): only what changed
// since the cached copy. Records: of the ids the events name, those not in the copy or
// updated since (InvenioRDM's `updated` field, a range query) are fetched, the others
// come from the copy. Membership: events with a `timestamp` or `updated_timestamp` since
// the copy replace cached ones by id; when the index then holds another number of events
// than the cache (a deletion, events without those fields), they are all loaded again.

import type { Client } from "@opensearch-project/opensearch";
import type { OnReject } from "../model/chunk-types.js";
import type { AliasScan } from "../opensearch/alias-scan.js";
import { forEachDistinctValue } from "../opensearch/distinct-values.js";
import { keywordField } from "../opensearch/keyword-field.js";
import { isIndexNotFound } from "../opensearch/opensearch-errors.js";
import { closePointInTime, openPointInTime } from "../opensearch/point-in-time.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "../opensearch/retry-request.js";
import type { CachedMetadata } from "./cached-metadata.js";
import type { MetadataReceiver } from "./event-source.js";
import { eventRecordIds } from "./event-record-ids.js";
import { fetchRecords, loadMembership } from "./opensearch-metadata.js";
import type { ResolvedSourceOptions } from "./opensearch-source-options.js";
import { formatCount } from "../model/format-count.js";

// The cluster's clock (which stamps `updated`) and ours may differ: what changed in the
// last minutes before the copy is fetched again.
const CLOCK_MARGIN_MS = 10 * 60_000;
const DATE_FORMAT = "strict_date_optional_time";

export async function loadOpenSearchMetadataSince(
  o: ResolvedSourceOptions,
  events: readonly AliasScan[],
  receiver: MetadataReceiver,
  onReject: OnReject,
  cached: CachedMetadata,
): Promise<void> {
  const since = new Date(cached.fetchedAtMs - CLOCK_MARGIN_MS).toISOString();
  const [, ids, changed] = await Promise.all([
    loadNewMembership(o, since, receiver, onReject, cached),
    eventRecordIds(o.client, o.url, events),
    changedRecordIds(o, since),
  ]);
  if (changed === undefined) cached.note(`metadata cache: ${o.recordsIndex} has no \`updated\` date field to tell changed records by: all are fetched again`);
  for (const id of changed ?? []) cached.dropRecord(id);
  const fetch: string[] = [];
  for (const id of ids) {
    if (changed !== undefined && cached.hasRecord(id)) cached.useRecord(id);
    else fetch.push(id);
  }
  await fetchRecords(o, fetch, receiver);
}

/** Ids of the records updated since; undefined when the index has no `updated` date to ask. */
async function changedRecordIds(o: ResolvedSourceOptions, since: string): Promise<Set<string> | undefined> {
  if (!(await isDateField(o.client, o.url, o.recordsIndex, "updated"))) return undefined;
  const field = (await keywordField(o.client, o.url, o.recordsIndex, "id")) ?? "id";
  const query = { range: { updated: { gte: since, format: DATE_FORMAT } } };
  const pit = await openPointInTime(o.client, { url: o.url, index: o.recordsIndex });
  try {
    const ids = new Set<string>();
    await forEachDistinctValue(o.client, o.url, pit, field, query, (id) => ids.add(id));
    return ids;
  } finally {
    await closePointInTime(o.client, pit.id);
  }
}

async function loadNewMembership(
  o: ResolvedSourceOptions,
  since: string,
  receiver: MetadataReceiver,
  onReject: OnReject,
  cached: CachedMetadata,
): Promise<void> {
  const newer = (field: string) => ({ range: { [field]: { gte: since, format: DATE_FORMAT } } });
  const query = { bool: { should: [newer("timestamp"), newer("updated_timestamp")], minimum_should_match: 1 } };
  await loadMembership(o.client, o.url, o.membershipIndex, receiver, onReject, query);
  const count = await documentCount(o.client, o.url, o.membershipIndex);
  if (count === cached.membershipCount()) return;
  cached.note(
    `metadata cache: ${o.membershipIndex} holds ${formatCount(count)} membership events, the cache ${formatCount(cached.membershipCount())}: all are loaded again`,
  );
  cached.clearMembership();
  if (count > 0) await loadMembership(o.client, o.url, o.membershipIndex, receiver, onReject);
}

async function isDateField(client: Client, url: string, index: string, field: string): Promise<boolean> {
  const { body } = await retryOpenSearch({ url, index }, () => client.fieldCaps({ index, fields: [field], ignore_unavailable: true }, NO_CLIENT_RETRY));
  const types = Object.keys((body as { fields?: Record<string, Record<string, unknown>> }).fields?.[field] ?? {});
  return types.length > 0 && types.every((type) => type === "date" || type === "date_nanos");
}

/** Documents in the index (0 when it does not exist). */
async function documentCount(client: Client, url: string, index: string): Promise<number> {
  try {
    const { body } = await retryOpenSearch({ url, index }, () => client.count({ index }, NO_CLIENT_RETRY));
    return (body as { count?: number }).count ?? 0;
  } catch (error) {
    if (isIndexNotFound(error)) return 0;
    throw error;
  }
}
