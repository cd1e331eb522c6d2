// Reference implementation: which communities a run writes documents for, and which of
// them each event counts in (precedence: own community_ids, timeline, record's current ones).

import { GLOBAL_COMMUNITY } from "../../src/model/subcount-keys.js";
import type { JsonObject } from "./json-values.js";
import { communitiesOn, hasTimeline, type MembershipTimeline } from "./membership-timeline.js";
import type { ValidEvent } from "./parse-event-line.js";
import { recordCommunities, type RecordIndex } from "./record-index.js";
import type { ReferenceOptions } from "./reference-types.js";

/**
 * README: with an explicit list, exactly those plus `global`; else every community named in
 * membership, in records' `parent.communities.ids`, or in `community_ids` of any valid event
 * (whatever its date or robot flag), plus `global`.
 */
export function requestedCommunities(options: ReferenceOptions, validEvents: ValidEvent[], records: RecordIndex, timeline: MembershipTimeline): Set<string> {
  const list = new Set<string>([GLOBAL_COMMUNITY]);
  if (options.communities !== undefined) {
    for (const community of options.communities) list.add(community);
    return list;
  }
  for (const community of timeline.communities) list.add(community);
  for (const record of records.values()) {
    for (const community of recordCommunities(record)) list.add(community);
  }
  for (const event of validEvents) {
    for (const community of event.communityIds ?? []) list.add(community);
  }
  return list;
}

/** The communities the event belongs to before the requested list is applied (`global` not included). */
function memberCommunities(event: ValidEvent, record: JsonObject | undefined, timeline: MembershipTimeline, eventOnly: boolean): string[] {
  // README: the event's own community_ids when present; an empty list means only `global`.
  if (event.communityIds !== undefined) return event.communityIds;
  // README: --event-communities-only: nothing else, as the dashboard's aggregator counted.
  if (eventOnly) return [];
  // SPEC + README: an unknown record without community_ids counts in `global` only.
  // Interpretation: even when the membership file has events for that record id.
  if (record === undefined) return [];
  // README: the timeline when the record has at least one membership event (for any community).
  if (hasTimeline(timeline, event.recid)) return communitiesOn(timeline, event.recid, event.day);
  // README: else the record's current parent.communities.ids.
  return recordCommunities(record);
}

/** SPEC: every event counts in `global`; README: and only in communities of the requested list. */
export function eventCommunities(
  event: ValidEvent,
  record: JsonObject | undefined,
  timeline: MembershipTimeline,
  requested: Set<string>,
  eventOnly = false,
): string[] {
  const communities = new Set<string>([GLOBAL_COMMUNITY]);
  for (const community of memberCommunities(event, record, timeline, eventOnly)) {
    if (requested.has(community)) communities.add(community);
  }
  return [...communities];
}
