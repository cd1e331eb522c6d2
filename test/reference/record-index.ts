// Reference implementation: the records input as a lookup by record id, and what the rest
// of the reference reads from a record (parent, current communities).

import { idText, isJsonObject, nonEmptyString, pathValue, asList, type JsonObject } from "./json-values.js";

export type RecordIndex = Map<string, JsonObject>;

/**
 * Records by `id` (a non-empty string or a number's decimal text). Interpretation: records
 * that are not objects or have no id are skipped (the reference has no rejects file for
 * records); when two records share an id the later one wins, as a re-index would.
 */
export function indexRecords(records: unknown[]): RecordIndex {
  const index: RecordIndex = new Map();
  for (const record of records) {
    if (!isJsonObject(record)) continue;
    const id = idText(record.id);
    if (id !== undefined) index.set(id, record);
  }
  return index;
}

/** SPEC: the record's `parent.id` (same id rule as recid). */
export function recordParent(record: JsonObject): string | undefined {
  return idText(pathValue(record, ["parent", "id"]));
}

/** SPEC: the record's current communities, `parent.communities.ids` (non-empty strings only). */
export function recordCommunities(record: JsonObject): string[] {
  const ids: string[] = [];
  for (const item of asList(pathValue(record, ["parent", "communities", "ids"]))) {
    const id = nonEmptyString(item);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}
