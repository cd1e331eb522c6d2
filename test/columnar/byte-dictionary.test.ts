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

  it("reads ids four bytes at a time: the same id at any offset of any buffer is one code, a one-byte change another", () => {
    const dictionary = new ByteDictionary();
    const placed = (id: string, offset: number) => {
      const b = Buffer.alloc(offset + id.length + 5, 0x2a);
      b.write(id, offset, "latin1");
      return { b, start: offset, end: offset + id.length };
    };
    for (let length = 0; length <= 20; length++) {
      const id = "0123456789abcdefghij".slice(0, length);
      const first = placed(id, 0);
      const code = dictionary.intern(first.b, first.start, first.end);
      for (let offset = 0; offset < 8; offset++) {
        const at = placed(id, offset);
        expect(dictionary.intern(at.b, at.start, at.end)).toBe(code);
        for (let k = 0; k < length; k++) {
          const other = placed(id.slice(0, k) + "#" + id.slice(k + 1), offset);
          expect(dictionary.intern(other.b, other.start, other.end)).not.toBe(code);
        }
      }
    }
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
