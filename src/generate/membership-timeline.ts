// Which communities a record belongs to on each day of the period, from its membership
// events, by the README rule: on day D the record is in C when the last event for
// (record, C) dated on or before D (by UTC day, then file order) is `added`. Enriched
// events take their `community_ids` from here, so they agree with the membership file.

import type { MembershipEvent } from "./shapes.js";

const DAY_MS = 86_400_000;
const NONE: readonly string[] = [];

interface States {
  /** Ascending first days of each state; the first is 0. */
  fromDays: number[];
  ids: string[][];
}

export class MembershipTimeline {
  private readonly byRecord = new Map<string, States>();

  constructor(events: readonly MembershipEvent[], startMs: number, days: number) {
    const grouped = new Map<string, { day: number; event: MembershipEvent }[]>();
    for (const event of events) {
      const day = Math.floor((Date.parse(`${event.event_date}Z`) - startMs) / DAY_MS);
      const list = grouped.get(event.record_id) ?? [];
      list.push({ day, event });
      grouped.set(event.record_id, list);
    }
    for (const [recid, list] of grouped) {
      // Stable sort: same date keeps file order.
      list.sort((a, b) => (a.event.event_date < b.event.event_date ? -1 : a.event.event_date > b.event.event_date ? 1 : 0));
      const boundaries = [...new Set([0, ...list.map((e) => e.day).filter((d) => d > 0 && d < days)])].sort((a, b) => a - b);
      const ids = boundaries.map((boundary) => {
        const member = new Map<string, boolean>();
        for (const { day, event } of list) if (day <= boundary) member.set(event.community_id, event.event_type === "added");
        return [...member].filter(([, isMember]) => isMember).map(([id]) => id);
      });
      this.byRecord.set(recid, { fromDays: boundaries, ids });
    }
  }

  /** The communities of `recid` on day `day` (0-based in the period); empty when none. */
  communitiesOn(recid: string, day: number): readonly string[] {
    const states = this.byRecord.get(recid);
    if (states === undefined) return NONE;
    let i = states.fromDays.length - 1;
    while (i > 0 && states.fromDays[i] > day) i--;
    return states.ids[i];
  }
}
