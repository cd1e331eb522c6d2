// The progress line's text: a bar and a percentage where the total is known, an estimate
// of the time left from the phase's own pace, the day window of how many.

import { describe, expect, it } from "vitest";
import { formatSeconds, progressLine } from "../../src/cli/progress-line.js";

describe("progressLine", () => {
  it("a known total: bar, percentage, ETA from the phase's pace", () => {
    const line = progressLine({ phase: "scan", done: 25, total: 100, events: 1_234_567 }, 10, 14);
    expect(line).toMatch(/^tallying scan \[######\.{18}\]\s+25%\s+1,234,567 events\s+ETA 30 s\s+14 s$/);
  });
  it("no ETA before there is enough to judge from", () => {
    expect(progressLine({ phase: "scan", done: 1, total: 100, events: 5 }, 10, 10)).not.toMatch(/ETA/);
    expect(progressLine({ phase: "scan", done: 50, total: 100, events: 5 }, 0.5, 0.5)).not.toMatch(/ETA/);
  });
  it("a day window says which of how many", () => {
    const window = { index: 2, count: 5, start: "2025-01-03", end: "2025-01-04" };
    expect(progressLine({ phase: "events", done: 5, total: 10, events: 99, window }, 2, 30)).toMatch(/^window 2\/5 \(2025-01-03\.\.2025-01-04\) reading \[/);
    expect(progressLine({ phase: "group", done: 10, total: 10, events: 1500, window }, 3, 33)).toMatch(
      /^window 2\/5 \(2025-01-03\.\.2025-01-04\) grouping 1,500 events\s+3\.0 s/,
    );
  });
  it("metadata counts records and membership events", () => {
    expect(progressLine({ phase: "metadata", done: 0, total: 0, events: 0, records: 12_000, membership: 340 }, 1, 1)).toMatch(
      /^metadata: 12,000 records, 340 membership events read/,
    );
  });
  it("seconds, minutes, hours", () => {
    expect([formatSeconds(3.21), formatSeconds(42), formatSeconds(185), formatSeconds(7300)]).toEqual(["3.2 s", "42 s", "3 min 5 s", "2 h 1 min"]);
  });
});

describe("progressLine over day windows", () => {
  it("from the second window on: the ETA of all windows at the pace of those done", () => {
    const window = { index: 3, count: 6, start: "2025-01-05", end: "2025-01-05" };
    // Two windows of six done in 20 s: four more take 40 s.
    expect(progressLine({ phase: "group", done: 0, total: 0, events: 10, window }, 1, 25, 20)).toMatch(/all windows ETA 40 s\s+25 s$/);
    expect(progressLine({ phase: "group", done: 0, total: 0, events: 10, window: { ...window, index: 1 } }, 1, 25, 0)).not.toMatch(/ETA/);
  });
});
