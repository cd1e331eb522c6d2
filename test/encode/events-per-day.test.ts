// The encode kernel's tally of counted events per day (countDays / countEvents), which
// plans the day windows and the group stage's partitions. The documents do not depend on
// it, so the backends' reference tests cannot see it wrong: it is checked here on its own,
// with days in any order (the kernel counts a run of one day at a time).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { encodeChunk } from "../../src/encode/encode-chunk.js";
import type { RawChunk } from "../../src/model/chunk-types.js";
import { parseDayString } from "../../src/model/day.js";
import { RecordIndexBuilder } from "../../src/records/build-record-index.js";
import { attachRecordIndex } from "../../src/records/record-index.js";
import { TALLYING_PASS } from "../support/encode-config.js";

const FIRST_DAY = parseDayString("2025-03-01");

const config = TALLYING_PASS;

/** One view per entry: its day (offset from FIRST_DAY), and whether it is a robot's (not counted). */
function viewLines(events: { day: number; robot: boolean }[]): string {
  return events
    .map(({ day, robot }, i) =>
      JSON.stringify({
        timestamp: `2025-03-${String(day + 1).padStart(2, "0")}T23:59:59`,
        recid: `rec-${i % 3}`,
        visitor_id: `visitor-${i % 5}`,
        is_robot: robot,
      }),
    )
    .join("\n");
}

function chunkOf(text: string, lineCount: number): RawChunk {
  return { sequence: 0, format: "ndjson", source: "views.ndjson", fileType: EVENT_TYPE.view, firstLine: 1, lineCount, bytes: Buffer.from(text) };
}

describe("events per day, as the encode kernel tallies them", () => {
  const index = attachRecordIndex(new RecordIndexBuilder().finish().buffers);

  it("counts every counted event on its day, in whatever order the days come", () => {
    const events = fc.array(fc.record({ day: fc.integer({ min: 0, max: 5 }), robot: fc.boolean() }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(events, (list) => {
        const encoded = encodeChunk(chunkOf(viewLines(list), list.length), index, config);
        const tallied = new Map<number, number>();
        encoded.countDays.forEach((day, j) => tallied.set(day, (tallied.get(day) ?? 0) + encoded.countEvents[j]));
        const expected = new Map<number, number>();
        for (const { day, robot } of list) if (!robot) expected.set(FIRST_DAY + day, (expected.get(FIRST_DAY + day) ?? 0) + 1);
        expect(tallied).toEqual(expected);
        expect(new Set(encoded.countDays).size).toBe(encoded.countDays.length);
        expect(encoded.counts.counted).toBe(list.filter((e) => !e.robot).length);
      }),
      { numRuns: 200 },
    );
  });
});
