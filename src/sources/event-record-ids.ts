// The record ids the events to read name, so that the record index holds their records
// before any event is enriched. Where every id field of an event index can be listed
// (keyword with doc values: InvenioRDM's and the dashboard's templates) the server lists
// them (distinct-values.ts). Where one cannot (invenio-stats' own contrib templates, or
// `recid` mapped with `index: false` and `doc_values: false`) the ids are read from the
// events themselves, the id fields only, with the engine's rule for which field names
// the record: records are then found whatever the event mapping.

import type { Client } from "@opensearch-project/opensearch";
import { idText } from "../parse/validate-event.js";
import type { AliasScan } from "../opensearch/alias-scan.js";
import { forEachDistinctValue } from "../opensearch/distinct-values.js";
import { listableField } from "../opensearch/keyword-field.js";
import { MAX_PAGE_SIZE } from "../opensearch/unit-pages.js";

/** Fields that may hold the record id (validate-event.ts says which one does). */
const ID_FIELDS = ["recid", "pid_value", "record_id"] as const;
const ID_SOURCE_FIELDS = [...ID_FIELDS, "pid_type"];

type IdSource = { recid?: unknown; pid_value?: unknown; pid_type?: unknown; record_id?: unknown };

/** The distinct record ids of the events, sorted (a fixed order: a later duplicate record wins). */
export async function eventRecordIds(client: Client, url: string, events: readonly AliasScan[]): Promise<string[]> {
  const ids = new Set<string>();
  await Promise.all(
    events.map(async (scan) => {
      const fields = await Promise.all(ID_FIELDS.map((name) => listableField(client, url, scan.index, name)));
      if (fields.includes(null)) return readIds(scan, ids);
      await Promise.all(
        fields.map(async (field) => {
          if (typeof field === "string") await forEachDistinctValue(client, url, scan.pit, field, scan.query, (id) => ids.add(id));
        }),
      );
    }),
  );
  return [...ids].sort();
}

/** The record id an event names (`recid`, else `pid_value` of a recid PID, else `record_id`), as validate-event.ts reads it. */
export function eventRecordId(source: IdSource): string | undefined {
  const pidIsRecid = source.pid_type === undefined || source.pid_type === null || source.pid_type === "recid";
  return idText(source.recid) ?? (pidIsRecid ? idText(source.pid_value) : undefined) ?? idText(source.record_id);
}

async function readIds(scan: AliasScan, ids: Set<string>): Promise<void> {
  for await (const page of scan.pages(2, { source: ID_SOURCE_FIELDS, pageSize: MAX_PAGE_SIZE })) {
    const text = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength).toString("utf8");
    for (const hit of (JSON.parse(text) as { hits?: { hits?: { _source?: IdSource }[] } }).hits?.hits ?? []) {
      const id = eventRecordId(hit._source ?? {});
      if (id !== undefined) ids.add(id);
    }
  }
}
