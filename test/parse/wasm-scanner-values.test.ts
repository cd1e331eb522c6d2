// What the WebAssembly event scanner computes from a plain string value as it reads it
// (src/parse/wasm/value-readers.ts): an id's hash, bit for bit hashBytes's, and a stored
// timestamp's day, as the full grammar reads it; and EventSpans giving the same whichever
// way a line was read.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashBytes } from "../../src/columnar/byte-dictionary.js";
import { parseTimestampDay, parseTimestampDayBytes } from "../../src/model/day.js";
import { FIELD, HASHED_ID_FIELDS } from "../../src/parse/event-fields.js";
import { EventSpans } from "../../src/parse/event-spans.js";
import { WASM_SCAN } from "../../src/parse/wasm-event-scanner.js";
import { expectComputed, expectSpans, verdict } from "../support/wasm-scanner.js";

describe("what the WebAssembly event scanner computes", () => {
  it("hashes ids of every length as hashBytes does, and reads a stored timestamp's day as the full grammar does", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "Z", "0", "-", "_", "~"), maxLength: 80 }), fc.nat(40), (id, offset) => {
        const text = `{"visitor_id":"${id}","recid":"${id}x","file_id":"${id}","parent_recid":"${id}"}`;
        const bytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(text)]);
        expect(verdict(bytes, offset, bytes.length)).toBe(WASM_SCAN.accepted);
        expectSpans(bytes, text, offset);
      }),
      { numRuns: 2000 },
    );
    // Stored timestamps, valid or not in any field (a digit or separator replaced), and leap days.
    const digit = fc.constantFrom(..."0123456789");
    const stamp = fc
      .tuple(fc.array(digit, { minLength: 14, maxLength: 14 }), fc.nat(19), fc.constantFrom("", "x", "-", ":", "T", " ", "9"))
      .map(([d, at, replacement]) => {
        const text = `${d.slice(0, 4).join("")}-${d[4]}${d[5]}-${d[6]}${d[7]}T${d[8]}${d[9]}:${d[10]}${d[11]}:${d[12]}${d[13]}`;
        return replacement === "" ? text : text.slice(0, at) + replacement + text.slice(at + 1);
      });
    const leap = fc.constantFrom(
      "2024-02-29T23:59:59",
      "2023-02-29T00:00:00",
      "2000-02-29T12:00:00",
      "1900-02-29T12:00:00",
      "0000-03-01T00:00:00",
      "9999-12-31T23:59:59",
    );
    const spans = new EventSpans();
    fc.assert(
      fc.property(fc.oneof(stamp, leap), (timestamp) => {
        const bytes = Buffer.from(`{"timestamp":"${timestamp}"}`);
        expect(verdict(bytes)).toBe(WASM_SCAN.accepted);
        expectComputed(bytes, FIELD.timestamp, true);
        spans.newText();
        expect(spans.scan(bytes, 0, bytes.length)).toBe(true);
        expect(spans.day(FIELD.timestamp), timestamp).toBe(parseTimestampDay(timestamp));
        // JavaScript's own reading of the stored form (where there is no WebAssembly scanner).
        expect(parseTimestampDayBytes(Buffer.from(timestamp), 0, timestamp.length), timestamp).toBe(parseTimestampDay(timestamp));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives EventSpans the same id hashes however a line was read: scanned here, by JavaScript, or from a replayed tail", () => {
    const spans = new EventSpans();
    const tail = ',"community_ids":["c1"],"visitor_id":"v-in-the-tail","parent_recid":"p-tail"}';
    const lines = [
      `{"recid":"r1","timestamp":"2025-01-02T03:04:05"${tail}`,
      `{"recid":"r22","timestamp":"2025-01-03T03:04:05"${tail}`, // the tail replayed
      `{"recid":"r333","x":${"[".repeat(70_000)}${"]".repeat(70_000)},"visitor_id":"deep"}`, // the JavaScript scanner
      `{"recid":"r4","visitor_id":"v4","timestamp":"2025-01-04T00:00:00"}`,
    ];
    for (const line of lines) {
      const bytes = Buffer.from(line);
      spans.newText();
      expect(spans.scan(bytes, 0, bytes.length)).toBe(true);
      for (const field of HASHED_ID_FIELDS) {
        if (!spans.isPlainId(field)) continue;
        expect(spans.idHash(field), `${field} in ${line.slice(0, 60)}`).toBe(hashBytes(bytes, spans.start[field] + 1, spans.end[field] - 1));
      }
      const parsed = JSON.parse(line) as { timestamp?: string };
      if (parsed.timestamp !== undefined) expect(spans.day(FIELD.timestamp)).toBe(parseTimestampDay(parsed.timestamp));
    }
  });
});
