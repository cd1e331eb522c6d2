// An event as one NDJSON line: the same JSON as JSON.stringify(eventDocument(event)),
// assembled from pieces serialized once and reused (a record's facets, a file's fields, a
// visitor-hour's fields). That keeps 1M events at a few seconds. A test holds the two
// forms equal.

import { ID_NAMES, type GeneratedEvent, type Visit } from "./event-document.js";
import type { FileInfo } from "./record-files.js";
import type { RecordEntry } from "./records.js";
import type { EventFacets } from "./shapes.js";

const viewFacets = new WeakMap<EventFacets, string>();
const downloadFacets = new WeakMap<EventFacets, string>();
const files = new WeakMap<FileInfo, string>();
const visits = new WeakMap<Visit, string>();

function cached<K extends object>(cache: WeakMap<K, string>, key: K, make: (key: K) => string): string {
  let text = cache.get(key);
  if (text === undefined) cache.set(key, (text = make(key)));
  return text;
}

/** `"key":value,...` without braces. */
function members(value: object): string {
  return JSON.stringify(value).slice(1, -1);
}

function fileMembers(record: RecordEntry, file: FileInfo): string {
  const id = `${record.bucketId}_${file.fileId}`;
  return members({ unique_id: id, bucket_id: record.bucketId, file_id: file.fileId, file_key: file.key, size: file.size });
}

function visitMembers(visit: Visit): string {
  const { visitorId, sessionId, country, robot, machine, viaApi } = visit;
  return members({ visitor_id: visitorId, unique_session_id: sessionId, country, is_robot: robot, is_machine: machine, via_api: viaApi });
}

export function eventLine(event: GeneratedEvent): string {
  const { record, file, enrichment } = event;
  const [recidName, parentName] = ID_NAMES[event.idNames];
  let line = `{"timestamp":"${event.timestamp}","${recidName}":"${record.recid}"`;
  if (parentName !== null) line += `,"${parentName}":"${record.parentId}"`;
  // Files are cached per record entry: a FileInfo belongs to one record only.
  line += file === null ? `,"unique_id":"ui_${record.recid}"` : `,${cached(files, file, (f) => fileMembers(record, f))}`;
  line += `,"referrer":${event.referrer === null ? "null" : JSON.stringify(event.referrer)}`;
  line += `,${cached(visits, event.visit, visitMembers)}`;
  if (enrichment === null) return `${line}}`;
  line += `,"community_ids":${JSON.stringify(enrichment.communityIds)}`;
  const { facets } = enrichment;
  if (facets === null) return `${line}}`;
  if (file === null) return `${line},${cached(viewFacets, facets, members)}}`;
  const withoutTypes = cached(downloadFacets, facets, (f) => members({ ...f, file_types: undefined }));
  return `${line},${withoutTypes},"file_types":${JSON.stringify([file.ext])}}`;
}
