// Event rows from an OpenSearch search response (read from its bytes) and from NDJSON
// lines: the same events, named by _id/_index or line, with JSON.parse's meaning; and the
// lines of an NDJSON chunk, counted as they are read.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { readEventRows } from "../../src/parse/chunk-rows.js";
import { countLines } from "../../src/parse/file-range.js";
import type { RawChunk } from "../../src/model/chunk-types.js";
import { FIELD } from "../../src/parse/event-fields.js";

const chunk = (format: RawChunk["format"], text: string): RawChunk => ({
  sequence: 0,
  format,
  source: "events.ndjson",
  fileType: EVENT_TYPE.view,
  firstLine: 1,
  lineCount: text.split("\n").length,
  bytes: Buffer.from(text, "utf8"),
});

/** What a reader sees of each row: where, the source, and the fields the engine reads (or the reject). */
function rows(raw: RawChunk): unknown[] {
  const seen: unknown[] = [];
  readEventRows(raw, {
    event(spans, where, source, text) {
      seen.push({
        where,
        source,
        recid: spans.idText(FIELD.recid),
        timestamp: spans.text(FIELD.timestamp),
        robot: spans.isTrue(FIELD.isRobot),
        communities: spans.has(FIELD.communityIds) ? spans.json(FIELD.communityIds) : null,
        text: JSON.parse(text.value()) as unknown,
      });
      return false;
    },
    reject(where, source, reason) {
      seen.push({ where, source, reason });
      return false;
    },
  });
  return seen;
}

const eventSource = fc.record(
  {
    recid: fc.oneof(fc.string(), fc.integer()),
    timestamp: fc.string(),
    is_robot: fc.boolean(),
    community_ids: fc.oneof(fc.array(fc.string()), fc.constant(null)),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

describe("event rows", () => {
  it("a search response gives the same events as NDJSON lines of its sources", () => {
    fc.assert(
      fc.property(fc.array(eventSource, { maxLength: 8 }), fc.boolean(), (sources, spaced) => {
        const hits = sources.map((source, i) => ({ _index: `events-${i % 2}`, _id: `id-"${i}"`, _score: null, _source: source, sort: [i] }));
        const response = JSON.stringify({ took: 1, timed_out: false, hits: { total: { value: hits.length }, hits } }, null, spaced ? 1 : undefined);
        const fromHits = rows(chunk("search-hits", response));
        const fromLines = rows(chunk("ndjson", sources.map((s) => JSON.stringify(s)).join("\n")));
        expect(fromHits.length).toBe(sources.length);
        fromHits.forEach((row, i) => {
          expect(row).toEqual({ ...(fromLines[i] as object), where: `id-"${i}"`, source: `events-${i % 2}` });
        });
      }),
      { numRuns: 300 },
    );
  });

  it("hits of other shapes go through JSON.parse: no _source is rejected, a numeric _id is its text", () => {
    const response = JSON.stringify({
      hits: {
        hits: [
          { _index: "a", _id: 7, _source: { recid: "r1" } },
          { _index: "a", _id: "x" },
          { _index: "a", _id: "y", _source: [1] },
          { _index: "a", _id: "z", _source: { recid: "r2" }, later: { recid: "r3" } },
        ],
      },
    });
    // A second _source, its key escaped: JSON.parse takes the later one.
    const seen = rows(chunk("search-hits", response.replace('"later":', '"_sou\\u0072ce":')));
    expect(seen.map((row) => ({ ...(row as object), text: undefined }))).toEqual([
      { where: "7", source: "a", recid: "r1", timestamp: undefined, robot: false, communities: null, text: undefined },
      { where: "x", source: "a", reason: "not a JSON object" },
      { where: "y", source: "a", reason: "not a JSON object" },
      { where: "z", source: "a", recid: "r3", timestamp: undefined, robot: false, communities: null, text: undefined },
    ]);
  });

  it("NDJSON lines are counted as they are read, those after a visitor stops too", () => {
    const line = fc.constantFrom('{"recid":"r"}', "not json", "", "\r", '{"recid":"r"}\r');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.nat(12), (lines, finalNewline, stopAt) => {
        const text = lines.join("\n") + (finalNewline && lines.length > 0 ? "\n" : "");
        const raw = { ...chunk("ndjson", text), lineCount: 0 };
        let visited = 0;
        const stop = () => ++visited > stopAt;
        const counted = readEventRows(raw, { event: stop, reject: stop });
        expect(counted, JSON.stringify(text)).toBe(countLines(Buffer.from(text)));
        // The count is the file range reader's (what places the rejects of the chunks after).
        expect(counted).toBe(text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
      }),
    );
  });

  it("a response without hits has no events", () => {
    expect(rows(chunk("search-hits", '{"took":1,"hits":{"total":{"value":0}}}'))).toEqual([]);
    expect(rows(chunk("search-hits", '{"took":1}'))).toEqual([]);
  });
});
