// The shared string lookup against a Map: the same code for every string of the list
// (the first, for a repeated one), undefined for any other.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLookupTable, StringLookup } from "../../src/columnar/string-lookup.js";
import { encodeStrings } from "../../src/columnar/shared-strings.js";

describe("StringLookup", () => {
  it("finds each string's code, and nothing else", () => {
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("", "é", "rec-1", "rec-2", "😀", "a".repeat(300)));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 80 }), fc.array(text, { maxLength: 20 }), (strings, others) => {
        const shared = encodeStrings(strings);
        const lookup = new StringLookup(shared, buildLookupTable(shared));
        const reference = new Map<string, number>();
        strings.forEach((value, code) => {
          if (!reference.has(value)) reference.set(value, code);
        });
        for (const value of [...strings, ...others]) expect(lookup.get(value)).toBe(reference.get(value));
      }),
      { numRuns: 300 },
    );
  });

  it("holds 50,000 strings", () => {
    const strings = Array.from({ length: 50_000 }, (_, i) => `record-${i}`);
    const shared = encodeStrings(strings);
    const lookup = new StringLookup(shared, buildLookupTable(shared));
    expect(lookup.get("record-0")).toBe(0);
    expect(lookup.get("record-49999")).toBe(49_999);
    expect(lookup.get("record-50000")).toBeUndefined();
  });
});
