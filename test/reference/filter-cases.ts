// Hand-made cases of what is counted: robots, machines and API calls, invalid lines,
// empty input and ranges without events. Expectations by hand.

import { expect } from "vitest";
import { doc, documentKeys, download, expectZeroDocument, input, line, view, type ReferenceCase } from "./case-helpers.js";

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

export const FILTER_CASES: ReferenceCase[] = [
  robotsExcluded,
  robotsIncluded,
  machinesAndApi,
  invalidLines,
  emptyInput,
  emptyInputWithRange,
  rangeWithoutEvents,
];
