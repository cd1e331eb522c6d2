// The one document comparison (bench, search backend report, tests): every field but the
// run timestamp, in order; unique_* counts counted apart so that approximate ones can pass.

import { describe, expect, it } from "vitest";
import { compareDocuments, documentsMatch } from "../../src/model/compare-documents.js";

const view = (total: number, visitors: number) => ({ total_events: total, unique_visitors: visitors, unique_records: 1, unique_parents: 1 });
const item = (id: string, total: number, visitors: number) => ({ id, label: id, view: view(total, visitors) });
const doc = (community: string, timestamp: string, items = [item("a", 2, 2), item("b", 1, 1)]) => ({
  timestamp,
  community_id: community,
  period_start: "2025-03-01T00:00:00",
  totals: { view: view(3, 2) },
  subcounts: { languages: items },
});

describe("compareDocuments", () => {
  it("equal documents match, whatever their run timestamps", () => {
    const c = compareDocuments([doc("c1", "t1"), doc("c2", "t1")], [doc("c1", "t2"), doc("c2", "t2")]);
    expect(c).toMatchObject({ documents: 2, otherDocuments: 2, exactMismatchCount: 0, uniqueMismatches: 0, uniqueCounts: 18 });
    expect(documentsMatch(c)).toBe(true);
  });

  it("an exact field, an item order or a missing document is a mismatch named by its path", () => {
    const changed = doc("c1", "t");
    changed.totals.view.total_events = 4;
    expect(compareDocuments([doc("c1", "t")], [changed]).exactMismatches).toEqual(["c1/2025-03-01.totals.view.total_events (3 vs 4)"]);
    const reordered = compareDocuments([doc("c1", "t")], [doc("c1", "t", [item("b", 1, 1), item("a", 2, 2)])]);
    expect(reordered.exactMismatchCount).toBeGreaterThan(0);
    expect(documentsMatch(compareDocuments([doc("c1", "t"), doc("c2", "t")], [doc("c1", "t")]))).toBe(false);
  });

  it("unique counts that differ: no match when exact, a match with their deviation when approximate", () => {
    const c = compareDocuments([doc("c1", "t", [item("a", 2, 4)])], [doc("c1", "t", [item("a", 2, 5)])]);
    expect(c.exactMismatchCount).toBe(0);
    expect(c.uniqueMismatches).toBe(1);
    expect(c.maxRelativeDeviation).toBeCloseTo(0.25);
    expect(c.worst?.path).toBe("c1/2025-03-01.subcounts.languages[0:a].view.unique_visitors");
    expect(documentsMatch(c)).toBe(false);
    expect(documentsMatch(c, true)).toBe(true);
  });
});
