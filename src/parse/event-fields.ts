// The fields the engine reads from an event, by number, and how a key's bytes find its
// field: one table for the JavaScript scanner (event-spans.ts) and the WebAssembly one
// (wasm-event-scanner.ts), which is given the names and the slot table below.

import { FACETS, FACET_COUNT } from "../model/facets.js";
import { keyIs } from "./json-tokens.js";
import type { FieldKeys } from "./wasm-event-scanner.js";

/** The fields read, by index: the fixed ones, then one per subcount key (FACET_FIELD + key index). */
export const FIELD = {
  type: 0,
  timestamp: 1,
  recid: 2,
  recordId: 3,
  parentRecid: 4,
  parentId: 5,
  visitorId: 6,
  fileId: 7,
  fileKey: 8,
  size: 9,
  isRobot: 10,
  isMachine: 11,
  viaApi: 12,
  communityIds: 13,
  pidValue: 14,
  pidType: 15,
} as const;
export const FACET_FIELD = 16;
/** The id fields the engine looks up by their bytes: the WebAssembly scanner hashes them as it reads them (event-spans.ts). */
export const HASHED_ID_FIELDS: readonly number[] = [
  FIELD.recid,
  FIELD.recordId,
  FIELD.parentRecid,
  FIELD.parentId,
  FIELD.visitorId,
  FIELD.fileId,
  FIELD.pidValue,
];
/** The hashed ids that are only ever counted (visitors, files): interned per chunk as they are read (event-spans.ts idDictionary). */
export const INTERNED_ID_FIELDS: readonly number[] = [FIELD.visitorId, FIELD.fileId];
/** The hashed ids looked up in the record index as they are read: the fields that can name the record, then those that name its parent. */
export const LOOKED_UP_ID_FIELDS: readonly (readonly number[])[] = [
  [FIELD.recid, FIELD.recordId, FIELD.pidValue],
  [FIELD.parentRecid, FIELD.parentId],
];
/** The names of the fields the engine reads from an event, by field number (FIELD, then each facet's). */
export const EVENT_FIELD_NAMES: readonly string[] = [
  "type",
  "timestamp",
  "recid",
  "record_id",
  "parent_recid",
  "parent_id",
  "visitor_id",
  "file_id",
  "file_key",
  "size",
  "is_robot",
  "is_machine",
  "via_api",
  "community_ids",
  // Older invenio-stats record views: `record_id` is the record's UUID, `pid_value` its recid.
  "pid_value",
  "pid_type",
  ...FACETS.map((facet) => facet.eventField),
];
export const FIELD_COUNT = FACET_FIELD + FACET_COUNT;

export const NAME_BYTES: readonly Buffer[] = EVENT_FIELD_NAMES.map((name) => Buffer.from(name, "latin1"));
export const FIELD_BY_NAME = new Map(EVENT_FIELD_NAMES.map((name, field) => [name, field]));
// A key's field without comparing it with several names: its length, first and last byte
// pick a slot (with a multiplier found at load so that no two names share one), and the
// key is compared with that slot's name only.
const KEY_SLOT_BITS = 7;
function keySlot(first: number, last: number, length: number, multiplier: number): number {
  return Math.imul(first | (last << 8) | (length << 16), multiplier) >>> (32 - KEY_SLOT_BITS);
}
function slotFields(multiplier: number): Int8Array | undefined {
  const fields = new Int8Array(1 << KEY_SLOT_BITS).fill(-1);
  for (const [field, name] of NAME_BYTES.entries()) {
    const slot = keySlot(name[0], name[name.length - 1], name.length, multiplier);
    if (fields[slot] >= 0) return undefined;
    fields[slot] = field;
  }
  return fields;
}
let keyMultiplier = 0x9e3779b1 | 0;
let fieldBySlot = slotFields(keyMultiplier);
while (fieldBySlot === undefined) fieldBySlot = slotFields((keyMultiplier = Math.imul(keyMultiplier, 0x2c1b3c6d) | 1));
export const KEY_MULTIPLIER = keyMultiplier;
export const FIELD_BY_SLOT: Int8Array = fieldBySlot;

/** The field whose name is the key bytes[keyStart, keyEnd) (without escapes), or -1. */
export function fieldOfKey(b: Uint8Array, keyStart: number, keyEnd: number): number {
  if (keyEnd <= keyStart) return -1;
  const field = FIELD_BY_SLOT[keySlot(b[keyStart], b[keyEnd - 1], keyEnd - keyStart, KEY_MULTIPLIER)];
  return field >= 0 && keyIs(b, keyStart, keyEnd, NAME_BYTES[field]) ? field : -1;
}

/** What the WebAssembly scanner is told of the fields (event-spans.ts, and the scanner's tests). */
export const SCANNER_FIELD_KEYS: FieldKeys = {
  names: NAME_BYTES,
  slotFields: FIELD_BY_SLOT,
  multiplier: KEY_MULTIPLIER,
  hashFields: HASHED_ID_FIELDS,
  dayField: FIELD.timestamp,
  internFields: INTERNED_ID_FIELDS,
  lookupFields: LOOKED_UP_ID_FIELDS,
};
