// The per-thread text cache (src/encode/text-cache.ts): run-wide codes outlive their
// chunk, chunk-local ones do not, a new record index empties it, and it starts over
// when full instead of growing.

import { describe, expect, it } from "vitest";
import { localCode, MISSING } from "../../src/columnar/encoded-chunk.js";
import { TextCache } from "../../src/encode/text-cache.js";

const text = (s: string) => Buffer.from(s, "utf8");
const lookup = (cache: TextCache, s: string, chunk: number) => cache.find(text(s), 0, text(s).length, chunk);
const codesOf = (cache: TextCache, t: number) => [...cache.codes.subarray(cache.first(t), cache.end(t))];

describe("text cache", () => {
  it("keeps run-wide codes across chunks, chunk-local codes for their chunk only", () => {
    const cache = new TextCache();
    cache.useIndex("a");
    expect(lookup(cache, '["x"]', 1)).toBe(-1);
    const known = cache.keep([3, MISSING], 1);
    expect(lookup(cache, '["y"]', 1)).toBe(-1);
    const local = cache.keep([4, localCode(0)], 1);
    expect(lookup(cache, '["x"]', 2)).toBe(known);
    expect(codesOf(cache, known)).toEqual([3, MISSING]);
    expect(lookup(cache, '["y"]', 1)).toBe(local);
    expect(lookup(cache, '["y"]', 2)).toBe(-1); // another chunk: its local code means nothing there
    const again = cache.keep([4, localCode(5)], 2);
    expect(codesOf(cache, again)).toEqual([4, localCode(5)]);
    expect(codesOf(cache, known)).toEqual([3, MISSING]);
  });

  it("empties for another record index", () => {
    const cache = new TextCache();
    cache.useIndex("a");
    lookup(cache, "r1", 1);
    cache.keep([1], 1);
    cache.useIndex("a");
    expect(lookup(cache, "r1", 2)).toBeGreaterThanOrEqual(0);
    cache.useIndex("b");
    expect(lookup(cache, "r1", 2)).toBe(-1);
  });

  it("starts over when full, and stays right", () => {
    const cache = new TextCache();
    cache.useIndex("a");
    for (let i = 0; i < 100_000; i++) {
      let t = lookup(cache, `id-${i % 40_000}`, 1);
      if (t < 0) t = cache.keep([i % 40_000], 1);
      expect(cache.codes[cache.first(t)]).toBe(i % 40_000);
    }
  });

  it("tells short texts apart by their bytes and length, past its small table and after starting over", () => {
    const cache = new TextCache();
    cache.useIndex("a");
    // Prefixes of one another (packed with zero padding), every length up to four bytes and
    // past it, and more texts of up to four bytes than the small table keeps (512).
    const texts = ["a", "ab", "abc", "abcd", "abcde", '"US"', '"U"', "1", "12", "123", "1234"];
    for (let i = 0; i < 2000; i++) texts.push(`"${String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26))}"`.slice(0, 1 + (i % 4)) + String(i % 7));
    const distinct = [...new Set(texts)];
    expect(distinct.filter((s) => Buffer.byteLength(s) <= 4).length).toBeGreaterThan(512);
    for (let round = 0; round < 2; round++) {
      for (const [code, s] of distinct.entries()) {
        let t = lookup(cache, s, 1);
        if (t < 0) t = cache.keep([code], 1);
        expect(codesOf(cache, t)).toEqual([code]);
      }
    }
    cache.useIndex("b");
    expect(lookup(cache, "ab", 1)).toBe(-1);
  });
});
