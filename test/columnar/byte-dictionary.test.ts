// The byte dictionary against a Map: the same dense codes in first-seen order, across
// chunks and table growth, and the ids back as text.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDictionary } from "../../src/columnar/byte-dictionary.js";
import { decodeStrings, encodeStrings } from "../../src/columnar/shared-strings.js";

describe("ByteDictionary", () => {
  it("gives every distinct id one code, in first-seen order, over any chunks", () => {
    const id = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("", "é", "visitor-1", "visitor-2", "😀"));
    fc.assert(
      fc.property(fc.array(fc.array(id, { maxLength: 60 }), { maxLength: 8 }), (chunks) => {
        const dictionary = new ByteDictionary();
        const reference = new Map<string, number>();
        for (const chunk of chunks) {
          const codes = [...dictionary.internAll(encodeStrings(chunk))];
          for (const value of chunk) if (!reference.has(value)) reference.set(value, reference.size);
          expect(codes).toEqual(chunk.map((value) => reference.get(value)));
        }
        expect(dictionary.size).toBe(reference.size);
        for (const [value, code] of reference) expect(dictionary.text(code)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps codes stable through many rehashes", () => {
    const dictionary = new ByteDictionary();
    const ids = Array.from({ length: 50_000 }, (_, i) => `v${(i * 7919) % 20_000}`);
    const codes = dictionary.internAll(encodeStrings(ids));
    const again = dictionary.internAll(encodeStrings(ids.slice().reverse()));
    expect(dictionary.size).toBe(20_000);
    expect([...again].reverse()).toEqual([...codes]);
    expect(dictionary.text(codes[12_345])).toBe(ids[12_345]);
  });

  it("sends its strings in code order, and starts empty again after reset", () => {
    const dictionary = new ByteDictionary();
    const ids = ["b", "é", "", "a", "b", "😀"];
    dictionary.internAll(encodeStrings(ids));
    expect(decodeStrings(dictionary.toSharedStrings())).toEqual(["b", "é", "", "a", "😀"]);
    dictionary.reset();
    expect(dictionary.size).toBe(0);
    expect(decodeStrings(dictionary.toSharedStrings())).toEqual([]);
    expect([...dictionary.internAll(encodeStrings(["a", "b", "a"]))]).toEqual([0, 1, 0]);
    expect(decodeStrings(dictionary.toSharedStrings())).toEqual(["a", "b"]);
  });
});
