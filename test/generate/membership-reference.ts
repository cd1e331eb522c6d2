// The README's membership rule, written plainly for the generator's tests: events of
// (record, community) sorted by event_date, then file order; on day D the record is in C
// when the last event dated on or before D (compared by UTC day) is `added`.

export interface MembershipLine {
  record_id: string;
  community_id: string;
  event_type: string;
  event_date: string;
}

export function communitiesOnDay(events: readonly MembershipLine[], recid: string, day: string): string[] {
  const mine = events
    .map((event, order) => ({ event, order }))
    .filter(({ event }) => event.record_id === recid && event.event_date.slice(0, 10) <= day)
    .sort((a, b) => (a.event.event_date < b.event.event_date ? -1 : a.event.event_date > b.event.event_date ? 1 : a.order - b.order));
  const last = new Map<string, string>();
  for (const { event } of mine) last.set(event.community_id, event.event_type);
  return [...last]
    .filter(([, type]) => type === "added")
    .map(([id]) => id)
    .sort();
}
