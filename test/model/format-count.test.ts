// formatCount writes what toLocaleString("en") writes, without loading ICU's formats.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCount } from "../../src/model/format-count.js";

describe("formatCount", () => {
  it("writes every safe integer as toLocaleString('en') does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 })), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString("en"));
      }),
      { numRuns: 2000 },
    );
  });

  it("groups at each power of a thousand, and leaves other numbers to toLocaleString", () => {
    expect([0, 999, 1000, 999_999, 1_000_000, -1234, 2 ** 53 - 1].map(formatCount)).toEqual([
      "0",
      "999",
      "1,000",
      "999,999",
      "1,000,000",
      "-1,234",
      "9,007,199,254,740,991",
    ]);
    expect(formatCount(1234.5)).toBe((1234.5).toLocaleString("en"));
    expect(formatCount(2 ** 60)).toBe((2 ** 60).toLocaleString("en"));
  });
});
