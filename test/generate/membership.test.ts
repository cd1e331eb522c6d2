// membership.ndjson (`stats-community-events`) agrees with the records' current
// communities, changes during the period, and enriched events carry exactly the
// communities the README's timeline rule gives for their day.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, parseObjects, type GeneratedFiles } from "./dataset-fixture.js";
import { communitiesOnDay, type MembershipLine } from "./membership-reference.js";

const START = "2025-01-01";

describe("generated membership", () => {
  let data: GeneratedFiles;
  let membership: MembershipLine[];
  let records: { id: string; parent: { communities: { ids: string[] } } }[];

  beforeAll(async () => {
    data = await generateInTemp({ events: 12_000, records: 1500, seed: 2, start: START, days: 20 });
    membership = parseObjects(data.lines.membership) as unknown as MembershipLine[];
    records = parseObjects(data.lines.records) as unknown as typeof records;
  });
  afterAll(() => data?.remove());

  it("writes the stats-community-events shape", () => {
    for (const line of parseObjects(data.lines.membership)) {
      const keys = ["community_id", "deleted_date", "event_date", "event_type", "is_deleted", "record_id"];
      expect(Object.keys(line).sort()).toEqual(keys);
      expect(["added", "removed"]).toContain(line.event_type);
      expect(String(line.event_date)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(line.is_deleted).toBe(false);
      expect(line.deleted_date).toBeNull();
    }
  });

  it("ends every current membership with `added` and every other with `removed`", () => {
    const last = new Map<string, string>();
    const sorted = [...membership].sort((a, b) => (a.event_date < b.event_date ? -1 : a.event_date > b.event_date ? 1 : 0));
    for (const event of sorted) last.set(`${event.record_id} ${event.community_id}`, event.event_type);
    for (const record of records) {
      for (const community of record.parent.communities.ids) expect(last.get(`${record.id} ${community}`)).toBe("added");
    }
    const current = new Set(records.flatMap((r) => r.parent.communities.ids.map((c) => `${r.id} ${c}`)));
    for (const [pair, type] of last) if (!current.has(pair)) expect(type).toBe("removed");
  });

  it("adds memberships before and inside the period, and removes and re-adds some inside it", () => {
    const added = membership.filter((e) => e.event_type === "added");
    expect(added.some((e) => e.event_date < START)).toBe(true);
    expect(added.some((e) => e.event_date >= START)).toBe(true);
    const removedInside = membership.filter((e) => e.event_type === "removed" && e.event_date >= START);
    expect(removedInside.length).toBeGreaterThan(10);
    const addedAfter = (removal: MembershipLine, sameDay: boolean) =>
      membership.some(
        (e) =>
          e.record_id === removal.record_id &&
          e.community_id === removal.community_id &&
          e.event_type === "added" &&
          (sameDay ? e.event_date.slice(0, 10) === removal.event_date.slice(0, 10) && e.event_date < removal.event_date : e.event_date > removal.event_date),
      );
    // Removed, then re-added later in the period.
    expect(removedInside.filter((removal) => addedAfter(removal, false)).length).toBeGreaterThan(0);
    // Added and removed on one day: that day counts as out.
    const sameDay = removedInside.filter((removal) => addedAfter(removal, true));
    expect(sameDay.length).toBeGreaterThan(0);
  });

  it("gives enriched events of known records the timeline's communities on their day", () => {
    const current = new Map(records.map((record) => [record.id, [...record.parent.communities.ids].sort()]));
    const byRecord = new Map<string, MembershipLine[]>();
    for (const event of membership) byRecord.set(event.record_id, [...(byRecord.get(event.record_id) ?? []), event]);
    let checked = 0;
    let changedMidRange = 0;
    for (const event of parseObjects([...data.lines.views, ...data.lines.downloads])) {
      const recid = String(event.recid ?? event.record_id);
      const now = current.get(recid);
      if (!Array.isArray(event.community_ids) || now === undefined) continue;
      const day = String(event.timestamp).slice(0, 10);
      const expected = communitiesOnDay(byRecord.get(recid) ?? [], recid, day);
      expect([...(event.community_ids as string[])].sort()).toEqual(expected);
      if (JSON.stringify(now) !== JSON.stringify(expected)) changedMidRange++;
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
    // Membership changes inside the period matter: the current communities would be wrong.
    expect(changedMidRange).toBeGreaterThan(0);
  });
});
