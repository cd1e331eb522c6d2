// The gap count of `status`: days without a document from a community's first document
// to its bookmark (or, without one, to its last document).

import { describe, expect, it } from "vitest";
import { parseDayString } from "../../src/model/day.js";
import { documentsFromDays } from "../../src/sinks/community-documents.js";

const days = (...list: string[]) => list.map(parseDayString);

describe("documentsFromDays", () => {
  it("no gap up to the bookmark; documents past it do not count as gaps", () => {
    expect(documentsFromDays(days("2025-01-01", "2025-01-02", "2025-01-03", "2025-01-09"), "2025-01-03")).toMatchObject({
      documents: 4,
      missing_days: 0,
      first_missing_day: null,
      last_day: "2025-01-09",
    });
  });
  it("gaps inside the range and after the last document up to the bookmark", () => {
    expect(documentsFromDays(days("2025-01-03", "2025-01-01"), "2025-01-05")).toMatchObject({
      first_day: "2025-01-01",
      missing_days: 3,
      first_missing_day: "2025-01-02",
    });
  });
  it("without a bookmark: up to the last document", () => {
    expect(documentsFromDays(days("2025-12-30", "2026-01-02"), null)).toMatchObject({ missing_days: 2, first_missing_day: "2025-12-31" });
  });
  it("no documents: nothing to count from", () => {
    expect(documentsFromDays([], "2025-01-05")).toMatchObject({ documents: 0, missing_days: 0, first_day: null });
  });
});
