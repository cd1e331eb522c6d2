// The line filter of a pass that wants only some days (chunk-rows.ts outsideDays): it
// skips a line only when its timestamp's day is outside the wanted days (or it has no
// valid timestamp, which the tallying pass reports), and it decides from the line alone,
// whatever the lines around it hold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDay, parseTimestampDay } from "../../src/model/day.js";
import { outsideDays } from "../../src/parse/chunk-rows.js";

const START_DAY = 20_100; // 2025-01-12
const END_DAY = START_DAY + 2;

/** An event line in one of the forms a file may hold, with its timestamp `day + offset` days. */
const eventLine = fc
  .record({
    offset: fc.integer({ min: -5, max: 7 }),
    time: fc.constantFrom("T00:00:00", "T23:59:59", "T12:00:00+05:00", "T01:00:00-03:00", "T10:00:00Z", ""),
    separator: fc.constantFrom(":", ": ", " : "),
    form: fc.constantFrom("plain", "no timestamp", "twice", "other key first"),
  })
  .map(({ offset, time, separator, form }) => {
    const stamp = `${formatDay(START_DAY + offset)}${time}`;
    const timestamp = `"timestamp"${separator}"${stamp}"`;
    const rest = `"recid"${separator}"r1","visitor_id"${separator}"v"`;
    const members =
      form === "no timestamp"
        ? rest
        : form === "twice"
          ? `${timestamp},${rest},${timestamp}`
          : form === "other key first"
            ? `${rest},${timestamp}`
            : `${timestamp},${rest}`;
    return { text: `{${members}}`, stamp: form === "no timestamp" ? null : stamp };
  });

describe("outsideDays", () => {
  it("skips only lines whose day is outside the wanted ones, and decides from the line alone", () => {
    const skip = outsideDays(START_DAY, END_DAY);
    fc.assert(
      fc.property(fc.array(eventLine, { minLength: 1, maxLength: 6 }), fc.nat(5), (lines, pick) => {
        const at = pick % lines.length;
        const chunk = Buffer.from(lines.map((line) => line.text).join("\n"));
        const start = lines.slice(0, at).reduce((sum, line) => sum + Buffer.byteLength(line.text) + 1, 0);
        const end = start + Buffer.byteLength(lines[at].text);
        const decision = skip(chunk, start, end);
        const alone = Buffer.from(lines[at].text);
        expect(decision).toBe(skip(alone, 0, alone.length));
        const { stamp } = lines[at];
        if (decision) {
          expect(stamp).not.toBeNull();
          // Outside, or no valid timestamp at all (a date alone): the tallying pass rejects that line.
          const day = parseTimestampDay(stamp!);
          expect(Number.isNaN(day) || day < START_DAY || day > END_DAY).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("skips a plain line two days out, keeps one a zone could move in", () => {
    const skip = outsideDays(START_DAY, END_DAY);
    const line = (day: number) => Buffer.from(`{"timestamp":"${formatDay(day)}T00:00:00","recid":"r"}`);
    for (const [day, skipped] of [
      [START_DAY - 2, true],
      [START_DAY - 1, false],
      [END_DAY + 1, false],
      [END_DAY + 2, true],
    ] as const) {
      const bytes = line(day);
      expect(skip(bytes, 0, bytes.length), formatDay(day)).toBe(skipped);
    }
  });
});
