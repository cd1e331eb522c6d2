// Record and parent ids looked up in the record index by the WebAssembly scanner as it
// reads them (src/parse/wasm/id-dictionaries.ts adoptIds, span-values.ts indexCode): the
// code the index's own table gives the same bytes, -1 where it has none, and no answer
// (the encoder looks the id up itself) for an id the scanner does not read plainly, for an
// index with an id twice or past the module's room.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLookupTable, StringLookup } from "../../src/columnar/string-lookup.js";
import { encodeStrings } from "../../src/columnar/shared-strings.js";
import { FIELD, LOOKED_UP_ID_FIELDS } from "../../src/parse/event-fields.js";
import { EventSpans } from "../../src/parse/event-spans.js";
import { NOT_LOOKED_UP } from "../../src/parse/span-values.js";

const spans = new EventSpans();
const FIELD_NAMES: Record<number, string> = {
  [FIELD.recid]: "recid",
  [FIELD.recordId]: "record_id",
  [FIELD.pidValue]: "pid_value",
  [FIELD.parentRecid]: "parent_recid",
  [FIELD.parentId]: "parent_id",
};
let generation = 0;

function useIndex(recordIds: readonly string[], parents: readonly string[]) {
  const index = { generation: `test-${++generation}`, recordIds: encodeStrings(recordIds), parents: encodeStrings(parents) };
  spans.useRecordIndex(index);
  return [index.recordIds, index.parents].map((strings) => new StringLookup(strings, buildLookupTable(strings)));
}

/** Scans a line naming `id` in every looked-up field; each field's indexCode. */
function indexCodes(id: string): Map<number, number> {
  const text = `{${Object.entries(FIELD_NAMES)
    .map(([, name]) => `"${name}":${JSON.stringify(id)}`)
    .join(",")}}`;
  const bytes = Buffer.from(text, "utf8");
  expect(spans.scan(bytes, 0, bytes.length)).toBe(true);
  return new Map(LOOKED_UP_ID_FIELDS.flat().map((field) => [field, spans.indexCode(field)]));
}

const plain = (id: string) => id !== "" && /^[\x20-\x7e]*$/.test(id) && !/["\\]/.test(id);

describe("record and parent ids looked up as the scanner reads them", () => {
  it("get the index's code of their bytes, -1 for an id it does not hold, and no answer for an id not read plainly", () => {
    const id = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", "0", "-"), maxLength: 12 }),
      fc.constantFrom("caf\u00e9", 'q"uote', "back\\slash", "", "a-much-longer-record-id-than-most-0123456789"),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 30 }), fc.uniqueArray(id, { maxLength: 30 }), fc.array(id, { maxLength: 20 }), (records, parents, asked) => {
        const [recordCodes, parentCodes] = useIndex(records, parents);
        for (const value of [...asked, ...records, ...parents]) {
          const codes = indexCodes(value);
          const bytes = Buffer.from(value, "utf8");
          for (const [j, fields] of LOOKED_UP_ID_FIELDS.entries()) {
            const expected = plain(value) ? (j === 0 ? recordCodes : parentCodes).codeOfBytes(bytes, 0, bytes.length) : NOT_LOOKED_UP;
            for (const field of fields) expect(codes.get(field), `${FIELD_NAMES[field]} ${JSON.stringify(value)}`).toBe(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("are not looked up in an index with an id twice, or with more ids than the module holds", () => {
    useIndex(["r1", "r2", "r1"], ["p1"]);
    expect(indexCodes("r2").get(FIELD.recid)).toBe(NOT_LOOKED_UP);
    expect(indexCodes("p1").get(FIELD.parentRecid)).toBe(0);
    const many = Array.from({ length: (1 << 16) + 1 }, (_unused, i) => `r${i}`);
    useIndex(many, many.slice(0, 1 << 16));
    expect(indexCodes("r5").get(FIELD.recid)).toBe(NOT_LOOKED_UP);
    expect(indexCodes("r65535").get(FIELD.parentRecid)).toBe(65535);
    expect(indexCodes("r65536").get(FIELD.parentRecid)).toBe(-1);
    // A fitting index after them is looked up again.
    useIndex(["r1", "r2"], []);
    expect(indexCodes("r2").get(FIELD.recordId)).toBe(1);
  });
});
