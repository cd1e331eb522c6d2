// The coordinator's peeks into raw search answers (next search_after, hit count, shard
// failures) and the fixed order in which several shard streams are interleaved.

import { describe, expect, it } from "vitest";
import { interleave } from "../../src/opensearch/interleave.js";
import { countHitsAtMost, incompletePage, lastSortValues, searchHeader } from "../../src/opensearch/search-response-bytes.js";

const bytes = (value: unknown) => new Uint8Array(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));

function page(sources: unknown[], shards = { total: 1, successful: 1, skipped: 0, failed: 0 }) {
  return {
    pit_id: "abc==",
    took: 3,
    timed_out: false,
    _shards: shards,
    hits: { hits: sources.map((source, i) => ({ _index: "ev-2025-01", _id: `d${i}`, _score: null, _source: source, sort: [i * 10] })) },
  };
}

describe("raw search answers", () => {
  it("finds the last hit's sort values, whatever the sources hold", () => {
    const tricky = [{ note: '"sort":[99]' }, { sort: [42], nested: { sort: ["x]"] } }, { text: "]]]" }];
    const body = bytes(page(tricky));
    expect(lastSortValues(body)).toEqual([20]);
    expect(countHitsAtMost(body)).toBeGreaterThanOrEqual(3);
    expect(countHitsAtMost(bytes(page([{ a: 1 }, { b: 2 }])))).toBe(2);
  });

  it("parses sort values that are strings with brackets and escapes", () => {
    expect(lastSortValues(bytes('{"hits":{"hits":[{"_id":"a","sort":["a]\\"b", 3]}]}}'))).toEqual(['a]"b', 3]);
  });

  it("has no sort values on an empty page", () => {
    const body = bytes(page([]));
    expect(lastSortValues(body)).toBeUndefined();
    expect(countHitsAtMost(body)).toBe(0);
  });

  it("reads the header alone and tells an incomplete page", () => {
    expect(incompletePage(searchHeader(bytes(page([{ a: 1 }]))))).toBeUndefined();
    const failed = page([{ a: 1 }], { total: 3, successful: 2, skipped: 0, failed: 1 }) as Record<string, unknown>;
    (failed._shards as Record<string, unknown>).failures = [{ shard: 1, reason: { type: "node_closed_exception", reason: "gone" } }];
    expect(incompletePage(searchHeader(bytes(failed)))).toBe("1 of 3 shards failed: node_closed_exception: gone");
    expect(incompletePage(searchHeader(bytes({ ...page([]), timed_out: true })))).toMatch(/timed out/);
  });
});

describe("interleave", () => {
  async function* stream(name: string, length: number, delayMs: number) {
    for (let i = 0; i < length; i++) {
      await new Promise((resolve) => setTimeout(resolve, delayMs * Math.random()));
      yield `${name}${i}`;
    }
  }

  it("yields round robin over the slots, whichever stream answers first", async () => {
    const sources = [
      ["a", 3],
      ["b", 1],
      ["c", 2],
      ["d", 2],
    ] as const;
    const read = async () => {
      const out: string[] = [];
      for await (const item of interleave(sources, 2, ([name, length]) => stream(name, length, 5))) out.push(item);
      return out;
    };
    const expected = ["a0", "b0", "a1", "c0", "a2", "c1", "d0", "d1"];
    expect(await read()).toEqual(expected);
    expect(await read()).toEqual(expected);
  });

  it("stops every stream when the consumer stops", async () => {
    const finished: string[] = [];
    async function* tracked(name: string) {
      try {
        for (let i = 0; ; i++) yield `${name}${i}`;
      } finally {
        finished.push(name);
      }
    }
    for await (const item of interleave(["a", "b", "c"], 2, tracked)) if (item === "b1") break;
    expect(finished.sort()).toEqual(["a", "b"]);
  });
});
