// Hand-made cases of facets: duplicated affiliations, funders without an id, label votes,
// item order, id fallbacks, event facets over record facets. Expectations by hand.

import { expect } from "vitest";
import { NO_DOWNLOADS, NO_VIEWS, doc, download, input, line, view, type ReferenceCase } from "./case-helpers.js";

const duplicatedAffiliations: ReferenceCase = {
  name: "duplicated affiliations in one record (creators and contributors) count once per event",
  input: input({
    records: [
      {
        id: "r1",
        parent: { id: "p1" },
        metadata: {
          creators: [
            { person_or_org: { name: "A" }, affiliations: [{ id: "a1", name: "Uni A" }] },
            { person_or_org: { name: "B" }, affiliations: [{ id: "a1", name: "University A" }, { name: "Lab B" }] },
          ],
          contributors: [{ person_or_org: { name: "C" }, affiliations: [{ name: "Lab B" }, { id: "a1", name: "Uni A" }] }],
        },
      },
      { id: "r2", parent: { id: "p1" }, metadata: { creators: [{ affiliations: [{ id: "a1", name: "University A" }] }] } },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r2", visitor_id: "v1" }),
    ],
  }),
  check(result) {
    // a1 votes: "Uni A" (r1's first occurrence) 1, "University A" (r2) 1: a tie, "Uni A" is the smaller JSON text.
    expect(doc(result, "global", "2025-06-04").subcounts.affiliations).toEqual([
      { id: "a1", label: "Uni A", view: view(2, 1, 2, 1), download: NO_DOWNLOADS },
      { id: "Lab B", label: "Lab B", view: view(1, 1, 1, 1), download: NO_DOWNLOADS },
    ]);
  },
};

const fundersWithoutId: ReferenceCase = {
  name: "a funder with no id is keyed and labelled by its name; a funder with no name is labelled by its id",
  input: input({
    records: [
      {
        id: "r1",
        metadata: {
          funding: [
            { funder: { name: "Open Fund" }, award: { id: "aw1" } },
            { funder: { id: "f1", name: "Funder One" } },
            { award: { id: "aw2" } },
            { funder: { id: "f2" } },
          ],
        },
      },
    ],
    views: [line({ timestamp: "2025-06-04T10:00:00", recid: "r1" })],
  }),
  check(result) {
    const one = view(1, 0, 1, 0);
    expect(doc(result, "global", "2025-06-04").subcounts.funders).toEqual([
      { id: "Open Fund", label: "Open Fund", view: one, download: NO_DOWNLOADS },
      { id: "f1", label: "Funder One", view: one, download: NO_DOWNLOADS },
      { id: "f2", label: "f2", view: one, download: NO_DOWNLOADS },
    ]);
  },
};

const labelVoting: ReferenceCase = {
  name: "labels: most votes over the run (counted events only), ties to the smallest canonical JSON",
  input: input({
    records: [
      {
        id: "r1",
        metadata: { resource_type: { id: "dataset", title: { en: "Dataset", de: "Datensatz" } }, languages: [{ id: "eng", title: { en: "English" } }] },
      },
      {
        id: "r2",
        metadata: { resource_type: { id: "dataset", title: { de: "Datensatz", en: "Dataset" } }, languages: [{ id: "eng", title: { en: "English" } }] },
      },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r1", visitor_id: "v2", resource_type: { id: "software" } }),
      line({ timestamp: "2025-06-05T10:00:00", recid: "r2", visitor_id: "v1" }),
      line({
        timestamp: "2025-06-05T11:00:00",
        recid: "r1",
        visitor_id: "v1",
        resource_type: { id: "dataset", title: { en: "Data" } },
        languages: [{ id: "eng", title: { en: "Anglais" } }],
      }),
      line({ timestamp: "2025-06-05T12:00:00", recid: "r2", visitor_id: "v2", resource_type: { id: "dataset", title: { en: "Data" } } }),
      // An id without a title votes for its record's label (SPEC 4): r1's {en, de}.
      line({ timestamp: "2025-06-05T13:00:00", recid: "r1", visitor_id: "v3", resource_type: { id: "dataset" } }),
      line({ timestamp: "2025-06-05T13:30:00", recid: "r2", visitor_id: "v3", resource_type: { id: "dataset", title: { en: "Data" } } }),
      // Robots are not counted, so they do not vote (else "Robot" would win with 3 votes).
      ...[1, 2, 3].map(() => line({ timestamp: "2025-06-05T14:00:00", recid: "r1", is_robot: true, resource_type: { id: "dataset", title: { en: "Robot" } } })),
    ],
  }),
  check(result) {
    // dataset: {de, en} 3 votes (either key order is one label; the id without a title
    // votes for r1's) vs {"en":"Data"} 3 votes: '{"de":"Datensatz","en":"Dataset"}' <
    // '{"en":"Data"}'. software: no label anywhere -> {"en": "software"}.
    const datasetLabel = { de: "Datensatz", en: "Dataset" };
    expect(doc(result, "global", "2025-06-04").subcounts.resource_types).toEqual([
      { id: "dataset", label: datasetLabel, view: view(1, 1, 1, 0), download: NO_DOWNLOADS },
      { id: "software", label: { en: "software" }, view: view(1, 1, 1, 0), download: NO_DOWNLOADS },
    ]);
    const june5 = doc(result, "global", "2025-06-05");
    expect(june5.subcounts.resource_types).toEqual([{ id: "dataset", label: datasetLabel, view: view(5, 3, 2, 0), download: NO_DOWNLOADS }]);
    // eng: English 6 votes, Anglais 1.
    expect(june5.subcounts.languages).toEqual([{ id: "eng", label: { en: "English" }, view: view(5, 3, 2, 0), download: NO_DOWNLOADS }]);
  },
};

const itemOrdering: ReferenceCase = {
  name: "items by view + download total_events descending, ties by id with plain < (upper case first)",
  input: input({
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "US" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "US" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "DE" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "AT" }),
    ],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "DE", file_types: ["csv"] }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "FR", file_types: ["Zip"] }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "FR", file_key: "b.zip" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", country: "FR", file_types: [] }),
    ],
  }),
  check(result) {
    const subcounts = doc(result, "global", "2025-06-04").subcounts;
    expect(subcounts.countries.map((item) => item.id)).toEqual(["FR", "DE", "US", "AT"]);
    expect(subcounts.countries[1]).toEqual({ id: "DE", label: "DE", view: view(1, 0, 1, 0), download: download(1, 0, 1, 0, 0, 0) });
    expect(subcounts.file_types.map((item) => item.id)).toEqual(["Zip", "csv", "zip"]);
  },
};

const idFallbacks: ReferenceCase = {
  name: "record_id, numeric recid, parent fallbacks; missing visitors, parents and files add nothing to distinct counts",
  input: input({
    records: [
      { id: "r1", parent: { id: "p1" } },
      { id: "7", parent: { id: "p7" } },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }), // parent p1 (record)
      line({ timestamp: "2025-06-04T10:00:00", record_id: "r1", visitor_id: "v1", parent_recid: "pX" }), // pX (event)
      line({ timestamp: "2025-06-04T10:00:00", recid: 7 }), // record "7", parent p7
      line({ timestamp: "2025-06-04T10:00:00", recid: "r2", parent_id: "p9", visitor_id: null }), // unknown, p9
      line({ timestamp: "2025-06-04T10:00:00", recid: "r3" }), // unknown, no parent, no visitor
    ],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1", file_id: "fa", size: 100 }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v2", file_id: "fa", size: 50 }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v2", size: null }),
    ],
  }),
  check(result) {
    expect(doc(result, "global", "2025-06-04").totals).toEqual({
      view: view(5, 1, 4, 4),
      download: download(3, 2, 1, 1, 1, 150),
    });
  },
};

const eventFacetsWin: ReferenceCase = {
  name: "a facet on the event wins over the record's (even []); null falls back; file_types fallbacks",
  input: input({
    records: [
      {
        id: "r1",
        access: { status: "open" },
        metadata: { languages: [{ id: "eng", title: { en: "English" } }], publisher: "Zenodo" },
        files: { entries: { "a.PDF": { ext: "PDF", size: 3 } } },
      },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", languages: [], publisher: null }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", languages: { id: "fra", title: { fr: "Français" } }, file_types: "CSV" }),
    ],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", file_key: "dir.v1/Report.Final.TXT" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", file_key: ".hidden" }),
    ],
  }),
  check(result) {
    const subcounts = doc(result, "global", "2025-06-04").subcounts;
    // View 1: [] wins (no language); view 2: its single object; the downloads carry none: the record's.
    expect(subcounts.languages).toEqual([
      { id: "eng", label: { en: "English" }, view: NO_VIEWS, download: download(2, 0, 1, 0, 0, 0) },
      { id: "fra", label: { fr: "Français" }, view: view(1, 0, 1, 0), download: NO_DOWNLOADS },
    ]);
    expect(subcounts.publishers).toEqual([{ id: "Zenodo", label: "Zenodo", view: view(2, 0, 1, 0), download: download(2, 0, 1, 0, 0, 0) }]);
    expect(subcounts.access_statuses.map((item) => [item.id, item.view.total_events, item.download.total_events])).toEqual([["open", 2, 2]]);
    // View 1: the record's ext lower-cased; view 2: its own value as is; download 1: its key's extension
    // (never the record's); download 2: ".hidden" has no extension.
    expect(subcounts.file_types).toEqual([
      { id: "CSV", label: "CSV", view: view(1, 0, 1, 0), download: NO_DOWNLOADS },
      { id: "pdf", label: "pdf", view: view(1, 0, 1, 0), download: NO_DOWNLOADS },
      { id: "txt", label: "txt", view: NO_VIEWS, download: download(1, 0, 1, 0, 0, 0) },
    ]);
  },
};

const enrichedLikeTheRecord: ReferenceCase = {
  name: "an enriched event with its record's values counts as the record's, but its own labels vote and its own file type counts",
  input: input({
    records: [
      { id: "r1", parent: { id: "p1" }, metadata: { resource_type: { id: "dataset", title: { en: "Dataset" } }, funding: [{ funder: { id: "f2" } }] } },
      { id: "r2", parent: { id: "p2" }, access: { status: "open" }, files: { entries: { "paper.pdf": { ext: "pdf", size: 10 } } } },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      // The record's values with a label the record lacks (the chunk's first new label text).
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v2", funders: [{ id: "f2", name: "Fund Two" }] }),
      // The record's value with an older label, four times; once with no label (votes the record's).
      ...[3, 4, 5, 7].map((v) =>
        line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: `v${v}`, resource_type: { id: "dataset", title: { en: "Data set" } } }),
      ),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v6", resource_type: { id: "dataset" } }),
    ],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r2", visitor_id: "w1", file_id: "fa", file_key: "paper.pdf", size: 10 }),
      // Its own file's type, as the dashboard's download builder records it, and the record's status.
      line({
        timestamp: "2025-06-04T10:00:00",
        recid: "r2",
        visitor_id: "w2",
        file_id: "fa",
        file_key: "paper.pdf",
        size: 10,
        file_types: ["pdf"],
        access_status: "open",
      }),
      // A file type other than its key's extension: its own wins.
      line({
        timestamp: "2025-06-04T10:00:00",
        recid: "r2",
        visitor_id: "w3",
        file_id: "fa",
        file_key: "paper.pdf",
        size: 10,
        file_types: ["csv"],
        access_status: "open",
      }),
    ],
  }),
  check(result) {
    const subcounts = doc(result, "global", "2025-06-04").subcounts;
    const allViews = view(7, 7, 1, 1);
    // dataset: {"en":"Data set"} 4 votes against the record's label 3 (v1, v2, v6).
    expect(subcounts.resource_types).toEqual([{ id: "dataset", label: { en: "Data set" }, view: allViews, download: NO_DOWNLOADS }]);
    expect(subcounts.funders).toEqual([{ id: "f2", label: "Fund Two", view: allViews, download: NO_DOWNLOADS }]);
    expect(subcounts.file_types).toEqual([
      { id: "pdf", label: "pdf", view: NO_VIEWS, download: download(2, 2, 1, 1, 1, 20) },
      { id: "csv", label: "csv", view: NO_VIEWS, download: download(1, 1, 1, 1, 1, 10) },
    ]);
    expect(subcounts.access_statuses).toEqual([{ id: "open", label: "open", view: NO_VIEWS, download: download(3, 3, 1, 1, 1, 30) }]);
  },
};

export const FACET_CASES: ReferenceCase[] = [
  duplicatedAffiliations,
  fundersWithoutId,
  labelVoting,
  itemOrdering,
  idFallbacks,
  eventFacetsWin,
  enrichedLikeTheRecord,
];
