// Hand-made cases from real InvenioRDM data (issue 14): a record id that comes twice,
// events that carry a vocabulary id without its title. Expectations by hand.

import { expect } from "vitest";
import type { ReferenceCase } from "./case-helpers.js";

const line = (event: Record<string, unknown>) => JSON.stringify(event);

const duplicateRecordIds: ReferenceCase = {
  name: "a record id that comes twice: the later copy wins and the superseded copy leaves no trace (communities, facets, parent)",
  input: {
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r2", visitor_id: "v2" }),
    ],
    downloads: [],
    records: [
      {
        id: "r1",
        parent: { id: "p-old", communities: { ids: ["c-superseded", "c1"] } },
        metadata: { resource_type: { id: "dataset", title: { en: "Dataset" } }, publisher: "Old Pub" },
      },
      { id: "r2", parent: { id: "p2", communities: { ids: ["c2"] } } },
      { id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } }, metadata: { resource_type: { id: "software", title: { en: "Software" } } } },
      { id: "r2", parent: { id: "p2", communities: { ids: [] } } },
    ],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([]);
    // Neither c-superseded nor c2 (named only by superseded copies) gets documents.
    expect(result.documents.map((d) => d.community_id)).toEqual(["c1", "global"]);
    const [c1, global] = result.documents;
    expect(c1.totals.view).toEqual({ total_events: 1, unique_visitors: 1, unique_records: 1, unique_parents: 1 });
    expect(global.totals.view).toEqual({ total_events: 2, unique_visitors: 2, unique_records: 2, unique_parents: 2 });
    expect(global.subcounts.resource_types.map((item) => [item.id, item.label])).toEqual([["software", { en: "Software" }]]);
    expect(global.subcounts.publishers).toEqual([]);
  },
};

const idsWithoutTitles: ReferenceCase = {
  name: 'an id an event carries without a label votes for its record\'s label of that id; an id with no label anywhere is {"en": id}',
  input: {
    views: [
      // Three events of r1 carry dataset without its title (the dashboard's 2025 downloads):
      // three votes for r1's "Dataset", against two for r2's events' "Data set".
      ...[10, 11, 12].map((hour) =>
        line({ timestamp: `2025-06-04T${hour}:00:00`, recid: "r1", resource_type: { id: "dataset" }, languages: ["deu", { id: "fra" }] }),
      ),
      ...[13, 14].map((hour) => line({ timestamp: `2025-06-04T${hour}:00:00`, recid: "r2", resource_type: { id: "dataset", title: { en: "Data set" } } })),
      // A funder without its name takes the record's name; one the record lacks keeps its id.
      line({ timestamp: "2025-06-04T15:00:00", recid: "r1", funders: [{ id: "f1" }, { id: "f9" }] }),
      // An unknown record has no label to lend: no vote.
      line({ timestamp: "2025-06-04T16:00:00", recid: "r-gone", resource_type: { id: "image" }, languages: [{ id: "deu" }] }),
    ],
    downloads: [],
    records: [
      {
        id: "r1",
        metadata: {
          resource_type: { id: "dataset", title: { en: "Dataset" } },
          languages: [{ id: "deu", title: { en: "German", de: "Deutsch" } }, { id: "fra" }],
          funding: [{ funder: { id: "f1", name: "Funder One" } }],
        },
      },
      { id: "r2", metadata: {} },
    ],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([]);
    const [global] = result.documents;
    const labels = (key: string) => Object.fromEntries(global.subcounts[key].map((item) => [item.id, item.label]));
    expect(labels("resource_types")).toEqual({ dataset: { en: "Dataset" }, image: { en: "image" } });
    // deu: r1's title (its events carry the plain id); fra: no title on the record either.
    expect(labels("languages")).toEqual({ deu: { de: "Deutsch", en: "German" }, fra: { en: "fra" } });
    expect(labels("funders")).toEqual({ f1: "Funder One", f9: "f9" });
  },
};

const oldRecordViews: ReferenceCase = {
  name: "older invenio-stats record views: pid_value (pid_type recid or absent) names the record, not record_id (its UUID)",
  input: {
    views: [
      line({ timestamp: "2025-06-04T10:00:00", record_id: "0f3c-uuid", pid_type: "recid", pid_value: "abcd-1234", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", record_id: "0f3c-uuid", pid_value: "abcd-1234", visitor_id: "v2" }),
      // recid, when there, wins; another pid_type is not a recid: record_id (unknown here) is used.
      line({ timestamp: "2025-06-04T12:00:00", recid: "abcd-1234", pid_value: "zzzz-0000", visitor_id: "v3" }),
      line({ timestamp: "2025-06-04T13:00:00", record_id: "0f3c-uuid", pid_type: "doi", pid_value: "abcd-1234", visitor_id: "v4" }),
      // pid_value with no usable id falls back to record_id; nothing at all is rejected.
      line({ timestamp: "2025-06-04T14:00:00", pid_type: "recid", pid_value: "", record_id: "abcd-1234", visitor_id: "v5" }),
      line({ timestamp: "2025-06-04T15:00:00", pid_type: "recid", pid_value: null }),
    ],
    downloads: [],
    records: [{ id: "abcd-1234", parent: { id: "p1", communities: { ids: ["c1"] } }, metadata: { publisher: "Pub" } }],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([{ file: "views", line: 6, reason: "missing recid" }]);
    const [c1, global] = result.documents;
    expect(c1.community_id).toBe("c1");
    expect(c1.totals.view).toEqual({ total_events: 4, unique_visitors: 4, unique_records: 1, unique_parents: 1 });
    expect(global.totals.view).toEqual({ total_events: 5, unique_visitors: 5, unique_records: 2, unique_parents: 1 });
    expect(global.subcounts.publishers.map((item) => [item.id, item.view.total_events])).toEqual([["Pub", 4]]);
  },
};

const eventCommunitiesOnly: ReferenceCase = {
  name: "eventCommunitiesOnly: an event without community_ids counts in global only (the dashboard's aggregator), one with them where they say",
  input: {
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r2" }),
      line({ timestamp: "2025-06-04T12:00:00", recid: "r1", community_ids: ["c2"] }),
    ],
    downloads: [],
    records: [
      { id: "r1", parent: { communities: { ids: ["c1"] } } },
      { id: "r2", parent: { communities: { ids: ["c1"] } } },
    ],
    membership: [{ record_id: "r2", community_id: "c1", event_type: "added", event_date: "2025-01-01" }],
  },
  options: { eventCommunitiesOnly: true },
  check(result) {
    // c1 comes from the records and the membership: listed, with zeros.
    expect(result.documents.map((d) => [d.community_id, d.totals.view.total_events])).toEqual([
      ["c1", 0],
      ["c2", 1],
      ["global", 3],
    ]);
  },
};

export const FIDELITY_CASES: ReferenceCase[] = [duplicateRecordIds, idsWithoutTitles, oldRecordViews, eventCommunitiesOnly];
