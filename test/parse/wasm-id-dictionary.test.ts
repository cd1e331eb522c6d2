// A chunk's visitor and file ids interned in the WebAssembly scanner's memory as lines
// are read (src/parse/wasm/id-dictionaries.ts, wasm-id-dictionary.ts): the same codes and
// the same shared strings as a ByteDictionary given the same ids in the same order,
// whichever way each id arrives (read by the scanner, from a replayed tail, escaped, or
// interned by JavaScript, as a pass that keeps only some events has them), across chunks,
// and past the module's fixed room.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDictionary, type IdDictionary } from "../../src/columnar/byte-dictionary.js";
import { localIndex, MISSING } from "../../src/columnar/encoded-chunk.js";
import type { SharedStrings } from "../../src/columnar/shared-strings.js";
import { internId } from "../../src/encode/read-ids.js";
import { FIELD } from "../../src/parse/event-fields.js";
import { EventSpans } from "../../src/parse/event-spans.js";
import { WasmIdDictionary } from "../../src/parse/wasm-id-dictionary.js";

const spans = new EventSpans();
const visitors = spans.idDictionary(FIELD.visitorId);
const files = spans.idDictionary(FIELD.fileId);

/** What a string dictionary would key the id by: its text's UTF-8. */
const utf8 = (id: string) => Buffer.from(id, "utf8");

function expectSameStrings(actual: SharedStrings, expected: SharedStrings): void {
  expect(Array.from(actual.offsets)).toEqual(Array.from(expected.offsets));
  expect(Buffer.from(actual.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
}

/** Scans `line` and interns its visitor and file ids as the encoder does; their codes. */
function readLine(line: string): [number, number] {
  const bytes = Buffer.from(line, "utf8");
  expect(spans.scan(bytes, 0, bytes.length)).toBe(true);
  return [internId(visitors, spans, FIELD.visitorId), internId(files, spans, FIELD.fileId)];
}

/** The ByteDictionary code of an id, as internId gives it (MISSING for an empty id). */
function expectedCode(dictionary: ByteDictionary, id: string): number {
  if (id === "") return MISSING;
  const bytes = utf8(id);
  return -1 - dictionary.intern(bytes, 0, bytes.length);
}

describe("the scanner's id dictionaries", () => {
  it("run in the WebAssembly scanner in this process", () => {
    expect(visitors).toBeInstanceOf(WasmIdDictionary);
  });

  it("give the codes and strings a ByteDictionary gives, however each id arrives, chunk after chunk", () => {
    // Few distinct ids (repeats), some escaped or beyond ASCII (JavaScript interns those),
    // some lines with a tail (a list member) that repeats, so that its ids are replayed.
    const id = fc.oneof(
      fc.constantFrom("v1", "v2", "a-much-longer-visitor-id-0123456789abcdef0123456789abcdef", "x", ""),
      fc.string({ unit: fc.constantFrom("a", "b", "0", "-"), maxLength: 40 }),
      fc.constantFrom("caf\u00e9", "tab\\tbed", "q\\u0022uote"),
    );
    const line = fc.record({ visitor: id, file: id, tail: fc.boolean() });
    fc.assert(
      fc.property(fc.array(fc.record({ lines: fc.array(line, { maxLength: 40 }), asRead: fc.boolean() }), { minLength: 1, maxLength: 4 }), (chunks) => {
        for (const { lines: chunk, asRead } of chunks) {
          // Interned as the scanner reads them, or (a pass that keeps only some events) by JavaScript.
          spans.internIdsAsRead(asRead);
          visitors.reset();
          files.reset();
          const expectedVisitors = new ByteDictionary();
          const expectedFiles = new ByteDictionary();
          for (const { visitor, file, tail } of chunk) {
            const members = `"visitor_id":"${visitor}","file_id":"${file}"`;
            const text = tail
              ? `{"timestamp":"2025-01-01T00:00:00","communities":["c-long-enough-to-be-a-tail-of-its-own-0123456789"],${members}}`
              : `{${members},"timestamp":"2025-01-01T00:00:00"}`;
            const decoded = (raw: string) => JSON.parse(`"${raw}"`) as string;
            expect(readLine(text)).toEqual([expectedCode(expectedVisitors, decoded(visitor)), expectedCode(expectedFiles, decoded(file))]);
          }
          expectSameStrings(visitors.toSharedStrings(), expectedVisitors.toSharedStrings());
          expectSameStrings(files.toSharedStrings(), expectedFiles.toSharedStrings());
          expect(visitors.size).toBe(expectedVisitors.size);
        }
      }),
      { numRuns: 300 },
    );
    spans.internIdsAsRead(true);
  });

  it("keep their codes when a chunk has more ids than the module holds, or longer ones than its scratch", () => {
    const check = (dictionary: IdDictionary, ids: string[]) => {
      dictionary.reset();
      const expected = new ByteDictionary();
      // Each id twice: the second time finds the first one's code, before and after the room ran out.
      for (const id of [...ids, ...ids.slice(0, 1000), ...ids.slice(-1000)]) {
        const bytes = utf8(id);
        expect(dictionary.intern(bytes, 0, bytes.length)).toBe(expected.intern(bytes, 0, bytes.length));
      }
      expectSameStrings(dictionary.toSharedStrings(), expected.toSharedStrings());
      return expected;
    };
    // More ids than codes (65,536), then more bytes than the arena (4 MiB): read by the scanner too.
    const many = Array.from({ length: 70_000 }, (_, i) => `visitor-${i}`);
    check(visitors, many);
    visitors.reset();
    const expected = new ByteDictionary();
    for (const id of many) expect(readLine(`{"visitor_id":"${id}"}`)[0]).toBe(expectedCode(expected, id));
    expectSameStrings(visitors.toSharedStrings(), expected.toSharedStrings());
    check(
      files,
      Array.from({ length: 50_000 }, (_, i) => `${i}-${"f".repeat(100)}`),
    );
    // An id longer than the scratch JavaScript copies ids into (64 KiB), between short ones.
    const afterLong = check(files, ["a", "b".repeat(70_000), "c", "a"]);
    // Ids the scanner reads after that, new and known, are the taken-over dictionary's.
    for (const id of ["d", "a", "e", "d"]) expect(readLine(`{"file_id":"${id}"}`)[1]).toBe(expectedCode(afterLong, id));
    expectSameStrings(files.toSharedStrings(), afterLong.toSharedStrings());
    // And the next chunk is the module's again.
    visitors.reset();
    files.reset();
    expect(readLine(`{"visitor_id":"z","file_id":"z"}`)).toEqual([-1, -1]);
    expect(localIndex(readLine(`{"visitor_id":"y","file_id":"z"}`)[0])).toBe(1);
  });
});
