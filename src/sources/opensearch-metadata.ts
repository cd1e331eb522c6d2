// The OpenSearch source's metadata: community membership events (all of them, parsed
// here: they are small) and the record documents that the events to read name (their
// record ids, listed in the events' points in time: event-record-ids.ts), handed to the
// workers as raw search answers. Bad documents go to `onReject` by index and document id.

import type { Client } from "@opensearch-project/opensearch";
import { EVENT_TYPE } from "../columnar/encoded-chunk.js";
import type { OnReject } from "../model/chunk-types.js";
import { openAliasScan, type AliasScan } from "../opensearch/alias-scan.js";
import { fetchByTerms } from "../opensearch/documents-by-terms.js";
import { keywordField } from "../opensearch/keyword-field.js";
import { isIndexNotFound } from "../opensearch/opensearch-errors.js";
import { MAX_PAGE_SIZE } from "../opensearch/unit-pages.js";
import type { MetadataReceiver } from "./event-source.js";
import { eventRecordIds } from "./event-record-ids.js";
import { MEMBERSHIP_SOURCE_FIELDS, RECORD_SOURCE_FIELDS } from "./opensearch-source-fields.js";
import type { ResolvedSourceOptions } from "./opensearch-source-options.js";

interface SearchHit {
  _index: string;
  _id: string;
  _source?: unknown;
}

/** Membership and the record id count side by side (both are mostly the server's work), then the records. */
export async function loadOpenSearchMetadata(
  o: ResolvedSourceOptions,
  events: readonly AliasScan[],
  receiver: MetadataReceiver,
  onReject: OnReject,
): Promise<void> {
  const [, ids] = await Promise.all([loadMembership(o.client, o.url, o.membershipIndex, receiver, onReject), eventRecordIds(o.client, o.url, events)]);
  await fetchRecords(o, ids, receiver);
}

/** The record documents of these ids, as raw search answers for the workers. */
export async function fetchRecords(o: ResolvedSourceOptions, ids: readonly string[], receiver: MetadataReceiver): Promise<void> {
  if (ids.length === 0) return;
  const field = (await keywordField(o.client, o.url, o.recordsIndex, "id")) ?? "id";
  const options = { index: o.recordsIndex, field, values: ids, source: RECORD_SOURCE_FIELDS };
  await fetchByTerms(o.client, o.url, options, (page) =>
    receiver.addRecordChunk({
      format: "search-hits",
      source: o.recordsIndex,
      fileType: EVENT_TYPE.view,
      firstLine: 1,
      lineCount: page.hits,
      bytes: page.bytes,
    }),
  );
}

/** The membership events (those the query matches: the metadata cache asks for the newer ones). */
export async function loadMembership(
  client: Client,
  url: string,
  index: string,
  receiver: MetadataReceiver,
  onReject: OnReject,
  query: object = { match_all: {} },
): Promise<void> {
  let scan: AliasScan;
  try {
    scan = await openAliasScan(client, url, { index, query });
  } catch (error) {
    if (isIndexNotFound(error)) return; // no membership history: the records' current communities count
    throw error;
  }
  try {
    for await (const page of scan.pages(1, { source: MEMBERSHIP_SOURCE_FIELDS, pageSize: MAX_PAGE_SIZE })) {
      const text = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength).toString("utf8");
      for (const hit of (JSON.parse(text) as { hits?: { hits?: SearchHit[] } }).hits?.hits ?? []) {
        receiver.addMembership(hit._source, hit._id, (line, reason) =>
          onReject({ source: hit._index, line, reason, raw: JSON.stringify(hit._source ?? null) }),
        );
      }
    }
  } finally {
    await scan.close();
  }
}
