// Hand-made cases of days and communities: day boundaries, time zones, the membership
// timeline (removed, re-added, same-day changes), an event's own community ids, unknown
// records. Expectations by hand.

import { expect } from "vitest";
import {
  NO_DOWNLOADS,
  NO_VIEWS,
  doc,
  documentKeys,
  download,
  emptySubcounts,
  expectZeroDocument,
  input,
  line,
  view,
  type ReferenceCase,
} from "./case-helpers.js";

const dayBoundaries: ReferenceCase = {
  name: "00:00:00 and 23:59:59 belong to their own UTC day",
  input: input({
    views: [
      line({ timestamp: "2025-06-04T00:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T23:59:59", recid: "r1", visitor_id: "v2" }),
      line({ timestamp: "2025-06-05T00:00:00", recid: "r1", visitor_id: "v1" }),
    ],
    records: [{ id: "r1", parent: { id: "p1" } }],
  }),
  check(result) {
    expect(documentKeys(result)).toEqual(["global 2025-06-04", "global 2025-06-05"]);
    const first = doc(result, "global", "2025-06-04");
    expect(first.period_start).toBe("2025-06-04T00:00:00");
    expect(first.period_end).toBe("2025-06-04T23:59:59");
    expect(first.totals).toEqual({ view: view(2, 2, 1, 1), download: NO_DOWNLOADS });
    expect(doc(result, "global", "2025-06-05").totals.view).toEqual(view(1, 1, 1, 1));
  },
};

const zonesAndFractions: ReferenceCase = {
  name: "Z, +02:00, -05:00, +0100, fractions and a space separator are converted to the UTC day",
  input: input({
    views: [
      line({ timestamp: "2025-06-04T23:30:00.750Z", recid: "r1" }), // 06-04
      line({ timestamp: "2025-06-05T01:30:00+02:00", recid: "r1" }), // 06-04 23:30 UTC
      line({ timestamp: "2025-06-05T00:59:59.999+01:00", recid: "r1" }), // 06-04 23:59:59.999 UTC
      line({ timestamp: "2025-06-03T23:00:00-01:00", recid: "r1" }), // 06-04 00:00 UTC
      line({ timestamp: "2025-06-04T21:00:00-05:00", recid: "r1" }), // 06-05 02:00 UTC
      line({ timestamp: "2025-06-05 12:00:00.123456", recid: "r1" }), // 06-05
      line({ timestamp: "2025-06-05T12:00+0200", recid: "r1" }), // 06-05 10:00 UTC
    ],
  }),
  check(result) {
    expect(result.rejects).toEqual([]);
    expect(documentKeys(result)).toEqual(["global 2025-06-04", "global 2025-06-05"]);
    expect(doc(result, "global", "2025-06-04").totals.view.total_events).toBe(4);
    expect(doc(result, "global", "2025-06-05").totals.view.total_events).toBe(3);
  },
};

const removedAndReAdded: ReferenceCase = {
  name: "a record removed from a community mid-range and re-added; the timeline wins over current communities",
  input: input({
    records: [{ id: "r1", parent: { id: "p1", communities: { ids: ["c2"] } } }],
    membership: [
      { record_id: "r1", community_id: "c1", event_type: "added", event_date: "2025-06-01T09:00:00", is_deleted: false },
      // Removed on 06-03 at 15:00: compared by UTC day, the 10:00 view of 06-03 is already outside c1.
      { record_id: "r1", community_id: "c1", event_type: "removed", event_date: "2025-06-03T15:00:00", is_deleted: false },
      { record_id: "r1", community_id: "c1", event_type: "added", event_date: "2025-06-05", is_deleted: false },
    ],
    views: ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"].map((day) => line({ timestamp: `${day}T10:00:00`, recid: "r1", visitor_id: "v1" })),
  }),
  check(result) {
    const days = ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"];
    expect(documentKeys(result)).toEqual([...days.map((d) => `c1 ${d}`), ...days.map((d) => `c2 ${d}`), ...days.map((d) => `global ${d}`)]);
    expect(days.map((d) => doc(result, "c1", d).totals.view.total_events)).toEqual([1, 0, 0, 1]);
    // The record has membership events, so its current communities (c2) are not used.
    expect(days.map((d) => doc(result, "c2", d).totals.view.total_events)).toEqual([0, 0, 0, 0]);
    expect(days.map((d) => doc(result, "global", d).totals.view.total_events)).toEqual([1, 1, 1, 1]);
    expectZeroDocument(doc(result, "c1", "2025-06-03"));
  },
};

const sameDayAddRemove: ReferenceCase = {
  name: "same-day add and remove: the later one in the file decides that day",
  input: input({
    records: [{ id: "r1" }, { id: "r2" }],
    membership: [
      { record_id: "r1", community_id: "c1", event_type: "added", event_date: "2025-06-04" },
      { record_id: "r1", community_id: "c1", event_type: "removed", event_date: "2025-06-04" },
      { record_id: "r2", community_id: "c1", event_type: "removed", event_date: "2025-06-04" },
      { record_id: "r2", community_id: "c1", event_type: "added", event_date: "2025-06-04" },
    ],
    views: [
      line({ timestamp: "2025-06-04T12:00:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T12:00:00", recid: "r2" }),
      line({ timestamp: "2025-06-04T13:00:00", recid: "r2" }),
    ],
  }),
  check(result) {
    expect(doc(result, "c1", "2025-06-04").totals.view).toEqual(view(2, 0, 1, 0));
    expect(doc(result, "global", "2025-06-04").totals.view).toEqual(view(3, 0, 2, 0));
  },
};

const ownCommunityIds: ReferenceCase = {
  name: "community_ids: [] counts only in global; an event's own community_ids win over the record's",
  input: input({
    records: [{ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } } }],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: [] }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: ["c2"] }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: null }),
    ],
  }),
  check(result) {
    expect(documentKeys(result)).toEqual(["c1 2025-06-04", "c2 2025-06-04", "global 2025-06-04"]);
    expect(doc(result, "c1", "2025-06-04").totals.view.total_events).toBe(2);
    expect(doc(result, "c2", "2025-06-04").totals.view.total_events).toBe(1);
    expect(doc(result, "global", "2025-06-04").totals.view.total_events).toBe(4);
  },
};

const unknownRecord: ReferenceCase = {
  name: "an unknown record counts in global and its own community_ids, with only the event's own facets",
  input: input({
    records: [{ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } }, metadata: { publisher: "Zenodo" } }],
    // Membership events of an unknown record are not consulted (unknown record -> global only).
    membership: [{ record_id: "r404", community_id: "c1", event_type: "added", event_date: "2025-06-01" }],
    views: [line({ timestamp: "2025-06-04T10:00:00", recid: "r404", visitor_id: "v1", country: "DE" })],
    downloads: [line({ timestamp: "2025-06-04T11:00:00", recid: "r404", community_ids: ["c1"], file_id: "f-1", file_key: "Data.CSV", size: 100 })],
  }),
  check(result) {
    expect(documentKeys(result)).toEqual(["c1 2025-06-04", "global 2025-06-04"]);
    const global = doc(result, "global", "2025-06-04");
    expect(global.totals).toEqual({ view: view(1, 1, 1, 0), download: download(1, 0, 1, 0, 1, 100) });
    expect(global.subcounts).toEqual({
      ...emptySubcounts(),
      countries: [{ id: "DE", label: "DE", view: view(1, 1, 1, 0), download: NO_DOWNLOADS }],
      file_types: [{ id: "csv", label: "csv", view: NO_VIEWS, download: download(1, 0, 1, 0, 1, 100) }],
    });
    const c1 = doc(result, "c1", "2025-06-04");
    expect(c1.totals).toEqual({ view: NO_VIEWS, download: download(1, 0, 1, 0, 1, 100) });
  },
};

export const COMMUNITY_CASES: ReferenceCase[] = [dayBoundaries, zonesAndFractions, removedAndReAdded, sameDayAddRemove, ownCommunityIds, unknownRecord];
