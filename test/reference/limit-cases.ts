// Hand-made cases for the limits an event must keep (README, "Input files and limits"):
// far-off timestamps and over-long lists are rejected, so that one line cannot stretch
// the range over centuries or fan out into a million documents. Expectations by hand.

import { expect } from "vitest";
import type { ReferenceCase } from "./case-helpers.js";

const line = (event: Record<string, unknown>) => JSON.stringify(event);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const farOffTimestamps: ReferenceCase = {
  name: "timestamps before 1990 or after the day after the run's start are rejected, and do not stretch the range",
  input: {
    views: [
      line({ timestamp: "0001-01-01T00:00:00", recid: "x" }),
      line({ timestamp: "0000-01-01T00:00:00", recid: "x" }),
      line({ timestamp: "9999-12-31T23:30:00-01:00", recid: "x" }), // UTC year 10000
      line({ timestamp: "1989-12-31T23:59:59Z", recid: "x" }),
      line({ timestamp: "1990-01-01T00:30:00+01:00", recid: "x" }), // 1989-12-31 in UTC
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
      line({ timestamp: "9999-01-01T00:00:00" }), // the range is checked right after the timestamp, before recid
    ],
    downloads: [],
    records: [],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([1, 2, 3, 4, 5, 7].map((n) => ({ file: "views", line: n, reason: "timestamp out of range" })));
    expect(result.documents.map((d) => `${d.community_id} ${d.period_start}`)).toEqual(["global 2025-06-04T00:00:00"]);
    expect(result.documents[0].totals.view.total_events).toBe(1);
  },
};

const firstValidDay: ReferenceCase = {
  name: "1990-01-01T00:00:00 UTC is a valid timestamp (outside the asked range here, not rejected)",
  input: {
    views: [
      line({ timestamp: "1990-01-01T00:00:00", recid: "r1" }),
      line({ timestamp: "1990-01-01T01:00:00+01:00", recid: "r1" }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
    ],
    downloads: [],
    records: [],
    membership: [],
  },
  options: { start: "2025-06-04", end: "2025-06-04" },
  check(result) {
    expect(result.rejects).toEqual([]);
    expect(result.documents).toHaveLength(1);
    expect(result.documents[0].totals.view.total_events).toBe(1);
  },
};

const longLists: ReferenceCase = {
  name: "a list field with more than 1,000 entries rejects its line (list too long); 1,000 are fine",
  input: {
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: ids("x", 1001) }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: ids("c", 1000) }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", languages: ids("l", 1001) }),
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", file_types: Array.from({ length: 1001 }, () => null) }),
      line({ timestamp: "2025-06-04T10:00:00", record_id: "", community_ids: ids("y", 1001) }), // recid is checked first
    ],
    downloads: [line({ timestamp: "2025-06-04T10:00:00", recid: "r1", funders: ids("f", 1001).map((id) => ({ id })) })],
    records: [],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([
      { file: "views", line: 1, reason: "list too long" },
      { file: "views", line: 3, reason: "list too long" },
      { file: "views", line: 4, reason: "list too long" },
      { file: "views", line: 5, reason: "missing recid" },
      { file: "downloads", line: 1, reason: "list too long" },
    ]);
    // The communities of the rejected lines are not in the default list.
    expect(result.documents).toHaveLength(1001);
    expect(result.documents.some((d) => d.community_id.startsWith("x") || d.community_id.startsWith("y"))).toBe(false);
    expect(result.documents.find((d) => d.community_id === "c999")!.totals.view.total_events).toBe(1);
  },
};

const hugeVolumes: ReferenceCase = {
  name: "total_volume is exact beyond 2^53: 2^52 + 2^52 + 1 bytes; a size beyond 2^53 - 1 is an invalid size",
  input: {
    views: [],
    downloads: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", file_id: "f1", size: 2 ** 52 }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r1", file_id: "f1", size: 2 ** 52 }),
      line({ timestamp: "2025-06-04T12:00:00", recid: "r1", file_id: "f1", size: 1 }),
      '{"timestamp": "2025-06-04T13:00:00", "recid": "r1", "size": 9007199254740993}',
      line({ timestamp: "2025-06-05T10:00:00", recid: "r1", file_id: "f1", size: Number.MAX_SAFE_INTEGER }),
    ],
    records: [],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([{ file: "downloads", line: 4, reason: "invalid size" }]);
    const [first, second] = result.documents;
    expect(first.totals.download.total_volume).toBe(9007199254740993n);
    expect(first.subcounts.file_types).toEqual([]);
    expect(second.totals.download.total_volume).toBe(Number.MAX_SAFE_INTEGER);
  },
};

export const LIMIT_CASES: ReferenceCase[] = [farOffTimestamps, firstValidDay, longLists, hugeVolumes];
