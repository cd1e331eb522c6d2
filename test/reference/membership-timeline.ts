// Reference implementation: the community membership timeline. For each (record, community)
// the membership events in order; a record is a member of C on day D when the last event
// dated on or before D is `added`.

import { idText, isJsonObject, nonEmptyString } from "./json-values.js";
import { dayOfMs, eventDateMs } from "./utc-day.js";

interface MembershipChange {
  /** Instant of `event_date` (a date alone = 00:00:00 UTC). */
  ms: number;
  day: string;
  /** Position in the membership input, for ties on `event_date`. */
  order: number;
  added: boolean;
}

export interface MembershipTimeline {
  /** Every community named by a valid membership event. */
  communities: Set<string>;
  /** recid -> community -> changes sorted by `event_date`, then input order. */
  changes: Map<string, Map<string, MembershipChange[]>>;
}

/**
 * Interpretation: a membership event needs `record_id` (id rule), a non-empty `community_id`,
 * `event_type` `added`/`removed` and an `event_date` that is a day or a timestamp; others
 * are skipped (the reference has no rejects file for membership).
 */
export function buildTimeline(membership: unknown[]): MembershipTimeline {
  const timeline: MembershipTimeline = { communities: new Set(), changes: new Map() };
  membership.forEach((item, order) => {
    if (!isJsonObject(item)) return;
    const recid = idText(item.record_id);
    const community = nonEmptyString(item.community_id);
    const ms = eventDateMs(item.event_date);
    const type = item.event_type;
    if (recid === undefined || community === undefined || ms === undefined) return;
    if (type !== "added" && type !== "removed") return;
    // README: `is_deleted` and `deleted_date` do not change membership.
    timeline.communities.add(community);
    let byCommunity = timeline.changes.get(recid);
    if (byCommunity === undefined) {
      byCommunity = new Map();
      timeline.changes.set(recid, byCommunity);
    }
    const list = byCommunity.get(community) ?? [];
    list.push({ ms, day: dayOfMs(ms), order, added: type === "added" });
    byCommunity.set(community, list);
  });
  // README: sorted by `event_date`, then file order. Interpretation: by the full instant when
  // `event_date` has a time (08:00 before 16:00 on the same day), a date alone being 00:00:00 UTC.
  for (const byCommunity of timeline.changes.values()) {
    for (const list of byCommunity.values()) list.sort((a, b) => a.ms - b.ms || a.order - b.order);
  }
  return timeline;
}

/** README: the record has at least one (valid) membership event, for any community. */
export function hasTimeline(timeline: MembershipTimeline, recid: string): boolean {
  return timeline.changes.has(recid);
}

/** README: communities C where the last change of (record, C) dated on or before `day` (UTC day) is `added`. */
export function communitiesOn(timeline: MembershipTimeline, recid: string, day: string): string[] {
  const members: string[] = [];
  for (const [community, list] of timeline.changes.get(recid) ?? new Map<string, MembershipChange[]>()) {
    let member = false;
    for (const change of list) {
      if (change.day <= day) member = change.added;
    }
    if (member) members.push(community);
  }
  return members;
}
