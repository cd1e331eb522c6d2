// One usage event in the invenio-stats shape (SPEC 1.1): ids (with the older
// `record_id` / `parent_id` names on some), visitor and session hashes, download file
// fields, and for enriched events the record's communities and facets at that time.
// An event is kept as references (record, file, visit, facets) until a document or a
// line is asked for: building and serializing the same pieces a million times was the
// generator's main cost.

import type { Catalog } from "./catalog.js";
import { withOlderLabel } from "./event-facets.js";
import type { Random } from "./random.js";
import type { FileInfo } from "./record-files.js";
import type { RecordEntry } from "./records.js";
import type { EventDocument, EventFacets, EventType } from "./shapes.js";

/** What ingestion added to an enriched event. */
export interface Enrichment {
  communityIds: readonly string[];
  /** Null for an unknown record: only its communities were recorded. */
  facets: EventFacets | null;
}

/** What the events of one visitor-hour share. */
export interface Visit {
  visitorId: string;
  sessionId: string;
  country: string | null;
  robot: boolean;
  machine: boolean;
  viaApi: boolean;
}

/** The field names of the record and parent ids: older events use `record_id` / `parent_id`. */
export const ID_NAMES: readonly (readonly ["recid" | "record_id", "parent_recid" | "parent_id" | null])[] = [
  ["recid", "parent_recid"],
  ["record_id", "parent_id"],
  ["recid", "parent_id"],
  ["record_id", "parent_recid"],
  ["recid", null],
];

export interface GeneratedEvent {
  type: EventType;
  timestamp: string;
  record: RecordEntry;
  /** Downloads: the downloaded file. */
  file: FileInfo | null;
  /** Index into ID_NAMES. */
  idNames: number;
  referrer: string | null;
  visit: Visit;
  enrichment: Enrichment | null;
}

export interface EventShares {
  /** Share of events enriched at ingestion. */
  enriched: number;
  /** Share of enriched events carrying an older label for one facet value. */
  olderLabel: number;
}

export interface EventChoice {
  type: EventType;
  record: RecordEntry;
  day: number;
  second: number;
  referrer: string | null;
}

function idNames(rng: Random): number {
  // Most events use today's names; older ones `record_id` and/or `parent_id`; a few lack the parent.
  const r = rng.next();
  return r < 0.9 ? 0 : r < 0.94 ? 1 : r < 0.96 ? 2 : r < 0.98 ? 3 : 4;
}

export function buildEvent(rng: Random, catalog: Catalog, shares: EventShares, visit: Visit, choice: EventChoice): GeneratedEvent {
  const { record } = choice;
  const names = idNames(rng);
  // The first file of a record (the paper, the main dataset) gets most downloads.
  const file = choice.type === "view" ? null : rng.chance(0.6) ? record.files[0] : rng.pick(record.files);
  let enrichment: Enrichment | null = null;
  if (rng.chance(shares.enriched)) {
    const known = record.doc !== null;
    const communityIds = known ? catalog.timeline.communitiesOn(record.recid, choice.day) : record.communityIds;
    let facets = record.facets;
    if (facets !== null && rng.chance(shares.olderLabel)) facets = withOlderLabel(rng, facets);
    enrichment = { communityIds, facets };
  }
  const timestamp = catalog.calendar.timestamp(choice.day, choice.second);
  return { type: choice.type, timestamp, record, file, idNames: names, referrer: choice.referrer, visit, enrichment };
}

/** The complete event document, as it would be indexed. Keys in the order of eventLine. */
export function eventDocument(event: GeneratedEvent): EventDocument {
  const { record, file, visit, enrichment } = event;
  const [recidName, parentName] = ID_NAMES[event.idNames];
  const doc = { timestamp: event.timestamp } as EventDocument;
  doc[recidName] = record.recid;
  if (parentName !== null) doc[parentName] = record.parentId;
  if (file === null) {
    doc.unique_id = `ui_${record.recid}`;
  } else {
    doc.unique_id = `${record.bucketId}_${file.fileId}`;
    doc.bucket_id = record.bucketId;
    doc.file_id = file.fileId;
    doc.file_key = file.key;
    doc.size = file.size;
  }
  doc.referrer = event.referrer;
  doc.visitor_id = visit.visitorId;
  doc.unique_session_id = visit.sessionId;
  doc.country = visit.country;
  doc.is_robot = visit.robot;
  doc.is_machine = visit.machine;
  doc.via_api = visit.viaApi;
  if (enrichment === null) return doc;
  doc.community_ids = enrichment.communityIds;
  if (enrichment.facets === null) return doc;
  Object.assign(doc, enrichment.facets);
  // The dashboard's download builder records the downloaded file's type, not the record's.
  if (file !== null) {
    delete doc.file_types;
    doc.file_types = [file.ext];
  }
  return doc;
}
