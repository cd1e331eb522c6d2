// Hand-made cases with expectations computed by hand (never by calling the reference), so
// they check the reference and, later, the engine's output: `check` only reads the
// documents and the rejects.

import { expect } from "vitest";
import type { DownloadMetrics, UsageDeltaDocument, ViewMetrics } from "../../src/model/document.js";
import { FIDELITY_CASES } from "./fidelity-cases.js";
import { LIMIT_CASES } from "./limit-cases.js";
import type { ReferenceInput, ReferenceOptions, ReferenceReject } from "./reference-types.js";

export interface CaseResult {
  documents: UsageDeltaDocument[];
  rejects: ReferenceReject[];
}

export interface ReferenceCase {
  name: string;
  input: ReferenceInput;
  options?: ReferenceOptions;
  check(result: CaseResult): void;
}

// ---- helpers (lookups and literals only)

const TEN_KEYS = [
  "resource_types", "access_statuses", "languages", "rights", "funders",
  "affiliations", "publishers", "periodicals", "countries", "file_types",
];

function line(event: Record<string, unknown>): string {
  return JSON.stringify(event);
}

function input(parts: Partial<ReferenceInput>): ReferenceInput {
  return { views: [], downloads: [], records: [], membership: [], ...parts };
}

function view(total: number, visitors: number, records: number, parents: number): ViewMetrics {
  return { total_events: total, unique_visitors: visitors, unique_records: records, unique_parents: parents };
}

function download(total: number, visitors: number, records: number, parents: number, files: number, volume: number): DownloadMetrics {
  return { ...view(total, visitors, records, parents), unique_files: files, total_volume: volume };
}

const NO_VIEWS = view(0, 0, 0, 0);
const NO_DOWNLOADS = download(0, 0, 0, 0, 0, 0);

function emptySubcounts(): Record<string, []> {
  return Object.fromEntries(TEN_KEYS.map((key) => [key, []]));
}

/** The one document of a community on a day. */
function doc(result: CaseResult, community: string, day: string): UsageDeltaDocument {
  const found = result.documents.filter((d) => d.community_id === community && d.period_start === `${day}T00:00:00`);
  expect(found, `${community} ${day}`).toHaveLength(1);
  return found[0];
}

function expectZeroDocument(document: UsageDeltaDocument): void {
  expect(document.totals).toEqual({ view: NO_VIEWS, download: NO_DOWNLOADS });
  expect(document.subcounts).toEqual(emptySubcounts());
  expect(Object.keys(document.subcounts).sort()).toEqual([...TEN_KEYS].sort());
}

/** Community and day of every document, in output order. */
function documentKeys(result: CaseResult): string[] {
  return result.documents.map((d) => `${d.community_id} ${d.period_start.slice(0, 10)}`);
}

// ---- the cases

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
    views: ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"].map((day) =>
      line({ timestamp: `${day}T10:00:00`, recid: "r1", visitor_id: "v1" }),
    ),
  }),
  check(result) {
    const days = ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"];
    expect(documentKeys(result)).toEqual([
      ...days.map((d) => `c1 ${d}`),
      ...days.map((d) => `c2 ${d}`),
      ...days.map((d) => `global ${d}`),
    ]);
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

const unknownRecord: ReferenceCase = {
  name: "an unknown record counts in global and its own community_ids, with only the event's own facets",
  input: input({
    records: [{ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } }, metadata: { publisher: "Zenodo" } }],
    // Membership events of an unknown record are not consulted (unknown record -> global only).
    membership: [{ record_id: "r404", community_id: "c1", event_type: "added", event_date: "2025-06-01" }],
    views: [line({ timestamp: "2025-06-04T10:00:00", recid: "r404", visitor_id: "v1", country: "DE" })],
    downloads: [
      line({ timestamp: "2025-06-04T11:00:00", recid: "r404", community_ids: ["c1"], file_id: "f-1", file_key: "Data.CSV", size: 100 }),
    ],
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

const robotViews = [
  line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "bot", is_robot: true }),
  line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1", is_robot: false }),
  line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v2" }),
];

const robotsExcluded: ReferenceCase = {
  name: "robots are excluded by default",
  input: input({ views: robotViews }),
  check(result) {
    expect(doc(result, "global", "2025-06-04").totals.view).toEqual(view(2, 2, 1, 0));
  },
};

const robotsIncluded: ReferenceCase = {
  name: "robots are counted with includeRobots",
  input: input({ views: robotViews }),
  options: { includeRobots: true },
  check(result) {
    expect(doc(result, "global", "2025-06-04").totals.view).toEqual(view(3, 3, 1, 0));
  },
};

const machinesAndApi: ReferenceCase = {
  name: "excludeMachines drops machine events; API events stay without excludeApi",
  input: input({
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", is_machine: true }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", via_api: true }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
    ],
  }),
  options: { excludeMachines: true },
  check(result) {
    expect(doc(result, "global", "2025-06-04").totals.view.total_events).toBe(2);
  },
};

const invalidLines: ReferenceCase = {
  name: "each kind of invalid line is rejected with its file, line and reason; blank lines are skipped",
  input: input({
    views: [
      '{"timestamp": "2025-06-04T10:00:00", "recid": ',
      "[1, 2]",
      "",
      line({ timestamp: "2025-02-30T10:00:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T10:00:00", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", type: "click" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", size: "big" }), // size is ignored on views
      line({ timestamp: "2025-06-04", recid: "r1" }),
      '"x"',
    ],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", size: -5 }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", size: "12" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", size: 1.5 }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", size: 10, file_id: "f1" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "", record_id: "" }),
      "   ",
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
    ],
  }),
  check(result) {
    expect(result.rejects).toEqual([
      { file: "views", line: 1, reason: "invalid JSON" },
      { file: "views", line: 2, reason: "not a JSON object" },
      { file: "views", line: 4, reason: "invalid timestamp" },
      { file: "views", line: 5, reason: "missing recid" },
      { file: "views", line: 7, reason: "unknown type" },
      { file: "views", line: 9, reason: "invalid timestamp" },
      { file: "views", line: 10, reason: "not a JSON object" },
      { file: "downloads", line: 1, reason: "invalid size" },
      { file: "downloads", line: 2, reason: "invalid size" },
      { file: "downloads", line: 3, reason: "invalid size" },
      { file: "downloads", line: 5, reason: "missing recid" },
    ]);
    expect(documentKeys(result)).toEqual(["global 2025-06-04"]);
    expect(doc(result, "global", "2025-06-04").totals).toEqual({
      view: view(2, 0, 1, 0),
      download: download(2, 0, 1, 0, 1, 10),
    });
  },
};

const emptyInput: ReferenceCase = {
  name: "an empty input without a range has no documents",
  input: input({}),
  check(result) {
    expect(result.documents).toEqual([]);
    expect(result.rejects).toEqual([]);
  },
};

const emptyInputWithRange: ReferenceCase = {
  name: "an empty input with a range has a zero document for global on each day",
  input: input({}),
  options: { start: "2025-06-30", end: "2025-07-02" },
  check(result) {
    expect(documentKeys(result)).toEqual(["global 2025-06-30", "global 2025-07-01", "global 2025-07-02"]);
    for (const document of result.documents) expectZeroDocument(document);
    expect(result.documents[1].period_end).toBe("2025-07-01T23:59:59");
  },
};

const rangeWithoutEvents: ReferenceCase = {
  name: "a range with no events has zero documents with all ten keys []",
  input: input({
    records: [{ id: "r1", parent: { id: "p1", communities: { ids: ["c1", "c2"] } }, metadata: { publisher: "Zenodo" } }],
    views: [line({ timestamp: "2025-06-01T10:00:00", recid: "r1" })],
  }),
  options: { start: "2025-06-10", end: "2025-06-11", communities: ["c1"] },
  check(result) {
    expect(documentKeys(result)).toEqual(["c1 2025-06-10", "c1 2025-06-11", "global 2025-06-10", "global 2025-06-11"]);
    for (const document of result.documents) expectZeroDocument(document);
  },
};

const labelVoting: ReferenceCase = {
  name: "labels: most votes over the run (counted events only), ties to the smallest canonical JSON",
  input: input({
    records: [
      { id: "r1", metadata: { resource_type: { id: "dataset", title: { en: "Dataset", de: "Datensatz" } }, languages: [{ id: "eng", title: { en: "English" } }] } },
      { id: "r2", metadata: { resource_type: { id: "dataset", title: { de: "Datensatz", en: "Dataset" } }, languages: [{ id: "eng", title: { en: "English" } }] } },
    ],
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r1", visitor_id: "v2", resource_type: { id: "software" } }),
      line({ timestamp: "2025-06-05T10:00:00", recid: "r2", visitor_id: "v1" }),
      line({
        timestamp: "2025-06-05T11:00:00", recid: "r1", visitor_id: "v1",
        resource_type: { id: "dataset", title: { en: "Data" } }, languages: [{ id: "eng", title: { en: "Anglais" } }],
      }),
      line({ timestamp: "2025-06-05T12:00:00", recid: "r2", visitor_id: "v2", resource_type: { id: "dataset", title: { en: "Data" } } }),
      // An id without a title votes for its record's label (SPEC 4): r1's {en, de}.
      line({ timestamp: "2025-06-05T13:00:00", recid: "r1", visitor_id: "v3", resource_type: { id: "dataset" } }),
      line({ timestamp: "2025-06-05T13:30:00", recid: "r2", visitor_id: "v3", resource_type: { id: "dataset", title: { en: "Data" } } }),
      // Robots are not counted, so they do not vote (else "Robot" would win with 3 votes).
      ...[1, 2, 3].map(() =>
        line({ timestamp: "2025-06-05T14:00:00", recid: "r1", is_robot: true, resource_type: { id: "dataset", title: { en: "Robot" } } }),
      ),
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
    expect(june5.subcounts.resource_types).toEqual([
      { id: "dataset", label: datasetLabel, view: view(5, 3, 2, 0), download: NO_DOWNLOADS },
    ]);
    // eng: English 6 votes, Anglais 1.
    expect(june5.subcounts.languages).toEqual([
      { id: "eng", label: { en: "English" }, view: view(5, 3, 2, 0), download: NO_DOWNLOADS },
    ]);
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
    records: [{ id: "r1", parent: { id: "p1" } }, { id: "7", parent: { id: "p7" } }],
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
    expect(subcounts.publishers).toEqual([
      { id: "Zenodo", label: "Zenodo", view: view(2, 0, 1, 0), download: download(2, 0, 1, 0, 0, 0) },
    ]);
    expect(subcounts.access_statuses.map((item) => [item.id, item.view.total_events, item.download.total_events])).toEqual([
      ["open", 2, 2],
    ]);
    // View 1: the record's ext lower-cased; view 2: its own value as is; download 1: its key's extension
    // (never the record's); download 2: ".hidden" has no extension.
    expect(subcounts.file_types).toEqual([
      { id: "CSV", label: "CSV", view: view(1, 0, 1, 0), download: NO_DOWNLOADS },
      { id: "pdf", label: "pdf", view: view(1, 0, 1, 0), download: NO_DOWNLOADS },
      { id: "txt", label: "txt", view: NO_VIEWS, download: download(1, 0, 1, 0, 0, 0) },
    ]);
  },
};

export const REFERENCE_CASES: ReferenceCase[] = [
  dayBoundaries,
  zonesAndFractions,
  removedAndReAdded,
  sameDayAddRemove,
  ownCommunityIds,
  duplicatedAffiliations,
  fundersWithoutId,
  unknownRecord,
  robotsExcluded,
  robotsIncluded,
  machinesAndApi,
  invalidLines,
  emptyInput,
  emptyInputWithRange,
  rangeWithoutEvents,
  labelVoting,
  itemOrdering,
  idFallbacks,
  eventFacetsWin,
  ...LIMIT_CASES,
  ...FIDELITY_CASES,
];
