// An event as one NDJSON line: exactly JSON.stringify(eventDocument(event)) (a test holds
// the two equal), assembled with templates and a record's facets serialized once. The
// template parts are the generator's own ids, hashes and timestamps, which never need
// JSON escaping; free text (file keys, referrers, facets) goes through JSON.stringify.

import { ID_NAMES, type GeneratedEvent } from "./event-document.js";
import type { EventFacets } from "./shapes.js";

/** A record's shared facets as `"key":value,...`, per event type (downloads carry their own file type). */
const viewFacets = new WeakMap<EventFacets, string>();
const downloadFacets = new WeakMap<EventFacets, string>();

function facetMembers(facets: EventFacets, download: boolean): string {
  return JSON.stringify(download ? { ...facets, file_types: undefined } : facets).slice(1, -1);
}

function sharedFacetMembers(facets: EventFacets, download: boolean): string {
  const cache = download ? downloadFacets : viewFacets;
  let text = cache.get(facets);
  if (text === undefined) cache.set(facets, (text = facetMembers(facets, download)));
  return text;
}

export function eventLine(event: GeneratedEvent): string {
  const { record, file, visit, enrichment } = event;
  const [recidName, parentName] = ID_NAMES[event.idNames];
  let line = `{"timestamp":"${event.timestamp}","${recidName}":"${record.recid}"`;
  if (parentName !== null) line += `,"${parentName}":"${record.parentId}"`;
  if (file === null) {
    line += `,"unique_id":"ui_${record.recid}"`;
  } else {
    const { bucketId } = record;
    line += `,"unique_id":"${bucketId}_${file.fileId}","bucket_id":"${bucketId}","file_id":"${file.fileId}"`;
    line += `,"file_key":${JSON.stringify(file.key)},"size":${file.size}`;
  }
  line += `,"referrer":${event.referrer === null ? "null" : JSON.stringify(event.referrer)}`;
  line += `,"visitor_id":"${visit.visitorId}","unique_session_id":"${visit.sessionId}"`;
  line += `,"country":${visit.country === null ? "null" : `"${visit.country}"`}`;
  line += `,"is_robot":${visit.robot},"is_machine":${visit.machine},"via_api":${visit.viaApi}`;
  if (enrichment === null) return `${line}}`;
  line += `,"community_ids":${JSON.stringify(enrichment.communityIds)}`;
  const { facets } = enrichment;
  if (facets === null) return `${line}}`;
  const download = file !== null;
  // Only the record's own facets object is cached; an older-label copy is used once.
  const members = facets === record.facets ? sharedFacetMembers(facets, download) : facetMembers(facets, download);
  return download ? `${line},${members},"file_types":${JSON.stringify([file.ext])}}` : `${line},${members}}`;
}
