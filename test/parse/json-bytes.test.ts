// The byte-level JSON scanners (src/parse/json-bytes.ts, event-spans.ts) against
// JSON.parse: they must never accept what JSON.parse refuses, must accept everything
// JSON.stringify writes, and must read fields as JSON.parse does.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventSpans } from "../../src/parse/event-spans.js";
import { FACET_FIELD, FIELD } from "../../src/parse/event-fields.js";
import { JsonScanner } from "../../src/parse/json-bytes.js";

const json = new JsonScanner();

const bytesOf = (text: string) => Buffer.from(text, "utf8");
const acceptsObject = (text: string) => {
  const b = bytesOf(text);
  return json.scanObject(b, 0, b.length, { value: (_keyStart, _keyEnd, _escaped, valueStart) => json.scanValue(b, valueStart, b.length) });
};
const parsesToObject = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

// Edits that break or bend JSON: the characters of its grammar, escapes, control characters.
const EDIT_CHARS = ["{", "}", "[", "]", ",", ":", '"', "\\", " ", "\t", "n", "t", "f", "0", "1", "-", "+", "e", ".", "u", "\u0001", "\u00e9", "\ud800", "/"];
const mutated = (text: string, edits: { at: number; kind: number; char: number }[]) => {
  let s = text;
  for (const { at, kind, char } of edits) {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    const c = EDIT_CHARS[char % EDIT_CHARS.length];
    if (kind === 0) s = s.slice(0, i) + c + s.slice(i);
    else if (kind === 1) s = s.slice(0, i) + s.slice(i + 1);
    else s = s.slice(0, i) + c + s.slice(i + 1);
  }
  return s;
};
const edits = fc.array(fc.record({ at: fc.nat(), kind: fc.nat(2), char: fc.nat() }), { minLength: 1, maxLength: 4 });

describe("json-bytes", () => {
  it("accepts whatever JSON.stringify writes, compact or indented, as one value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, indent) => {
        const text = JSON.stringify(value, null, indent ? 2 : undefined);
        const b = bytesOf(text);
        expect(json.scanValue(b, 0, b.length)).toBe(b.length);
        expect(acceptsObject(text)).toBe(parsesToObject(text));
      }),
      { numRuns: 500 },
    );
  });

  it("never accepts a text JSON.parse refuses (random edits of JSON texts)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), edits, (object, changes) => {
        const text = mutated(JSON.stringify(object), changes);
        if (acceptsObject(text)) expect(parsesToObject(text), text).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("never accepts a text JSON.parse refuses (arbitrary strings)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...EDIT_CHARS, "a", "r", "l", "s", "2", "E") }), (body) => {
        const text = `{${body}}`;
        if (acceptsObject(text)) expect(parsesToObject(text), text).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("hand-made cases: numbers, escapes, control characters, nesting, trailing text", () => {
    const valid = [
      '{"a":-0}',
      '{"a":1.5e-3}',
      '{"a":"\\u00e9\\n\\/"}',
      '{"a":"\\ud800"}',
      '{"a":[[[[[]]]]]}',
      " { } ",
      '{"a":{"b":{}}}',
      `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`,
      '{"a" :1}',
      '{"a":\t1}',
      '{"a" \n: \r"b"}',
      '{"\\u0061":1,"é":2}',
    ];
    const invalid = [
      '{"a":01}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":+1}',
      '{"a":"\\x"}',
      '{"a":"\\u12g4"}',
      '{"a":"\u0001"}',
      '{"a":1,}',
      '{"a":[1,]}',
      '{"a" 1}',
      '{"a":1} x',
      '{"a":tru}',
      "{a:1}",
      "[]",
      '"x"',
      "",
      '{"a":1',
      `{"a":${"[".repeat(5000)}}`,
      '{"a',
      '{"a"',
      '{"a":',
      '{"a\u0001":1}',
      '{"a"\u0001:1}',
      '{"a":\u00011}',
    ];
    for (const text of valid) expect(acceptsObject(text), text).toBe(true);
    for (const text of invalid) expect(acceptsObject(text), text).toBe(false);
    for (const text of [...valid, ...invalid]) expect(acceptsObject(text), text).toBe(parsesToObject(text));
  });
});

describe("strings read four bytes at a time", () => {
  // The string scanner skips whole words without a quote, backslash, control or non-ASCII
  // byte: every such byte at every position and buffer alignment must still be seen, and
  // nothing past `end` may be read as part of the string.
  const SPECIAL = ['"', "\\n", "\\u00e9", "\\x", "\u0001", "\u001f", "\u007f", "é", "\u2028", " ", "~", "\\", "\\u12g4"];
  /** The text at `offset` bytes into a larger buffer, with `after` behind `end` (bytes that are not the string's). */
  const placed = (text: string, offset: number, after: string) => {
    const body = Buffer.from(text + after, "utf8");
    const b = Buffer.alloc(offset + body.length + 8, 0x61).subarray(offset, offset + body.length);
    body.copy(b);
    return { b, end: Buffer.byteLength(text) };
  };
  /** Exactly one string token: parses as a string, nothing (not even whitespace) after it. */
  const isString = (text: string) => {
    try {
      return typeof JSON.parse(text) === "string" && text.trimEnd() === text;
    } catch {
      return false;
    }
  };
  const check = (text: string, offset: number, after: string) => {
    const { b, end } = placed(text, offset, after);
    const scanned = json.scanString(b, 0, end);
    const whole = scanned === end;
    expect(whole, `${JSON.stringify(text)} at ${offset}`).toBe(isString(text));
    if (scanned >= 0 && scanned !== end) expect(isString(b.toString("utf8", 0, scanned)), `${JSON.stringify(text)} at ${offset}`).toBe(true);
    if (whole) {
      const value = JSON.parse(text) as string;
      expect(json.stringEscaped).toBe(text.includes("\\"));
      expect(json.stringNonAscii).toBe(/[^\x00-\x7f]/.test(text));
      expect(value.length).toBeGreaterThanOrEqual(0);
    }
  };

  it("every special byte at every position and alignment", () => {
    for (let offset = 0; offset < 8; offset++) {
      for (let length = 0; length <= 20; length++) {
        check(`"${"x".repeat(length)}"`, offset, "");
        check(`"${"x".repeat(length)}`, offset, '"'); // the quote is past `end`
        for (let at = 0; at <= length; at++) for (const c of SPECIAL) check(`"${"x".repeat(at)}${c}${"y".repeat(length - at)}"`, offset, "");
      }
    }
  });

  it("random strings, alignments and ends (property)", () => {
    const unit = fc.constantFrom("a", "b", "0", "-", ...SPECIAL);
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.nat(7), fc.nat(60), (units, offset, cut) => {
        const text = `"${units.join("")}"`;
        check(text, offset, "");
        check(text.slice(0, Math.min(cut, text.length)), offset, text.slice(Math.min(cut, text.length)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("event spans", () => {
  const spans = new EventSpans();
  const read = (text: string) => {
    const b = bytesOf(text);
    expect(spans.scan(b, 0, b.length), text).toBe(true);
    return spans;
  };
  const idText = (value: unknown) =>
    typeof value === "string" ? (value === "" ? undefined : value) : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

  const fieldValue = fc.oneof(
    fc.string(),
    fc.constantFrom("", "view", "download", 'a"b', "é", "\u2028"),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const names = ["type", "timestamp", "recid", "record_id", "parent_recid", "visitor_id", "size", "is_robot", "community_ids", "languages", "other"];

  it("reads every field as JSON.parse does: duplicates (the last wins), escaped keys, spaces", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), fieldValue, fc.boolean()), { maxLength: 12 }), fc.boolean(), (members, spaced) => {
        // Written by hand (JSON.stringify would drop duplicate keys); some keys escaped.
        const key = (name: string, escape: boolean) =>
          escape ? `"${name.replace(/^./, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"` : JSON.stringify(name);
        const sep = spaced ? " , " : ",";
        const text = `{${members.map(([name, value, escape]) => `${key(name, escape)}${spaced ? " : " : ":"}${JSON.stringify(value)}`).join(sep)}}`;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const s = read(text);
        const check = (field: number, name: string) => {
          const value = parsed[name];
          expect(s.has(field), `${name} in ${text}`).toBe(value !== undefined && value !== null);
          expect(s.text(field), `${name} in ${text}`).toBe(typeof value === "string" ? value : undefined);
          expect(s.idText(field), `${name} in ${text}`).toBe(idText(value));
          expect(s.hasId(field), `${name} in ${text}`).toBe(idText(value) !== undefined);
          expect(s.isTrue(field), `${name} in ${text}`).toBe(value === true);
          if (typeof value === "number") expect(s.number(field)).toBe(value);
          if (value !== undefined) expect(s.json(field)).toEqual(value);
        };
        check(FIELD.type, "type");
        check(FIELD.timestamp, "timestamp");
        check(FIELD.recid, "recid");
        check(FIELD.recordId, "record_id");
        check(FIELD.parentRecid, "parent_recid");
        check(FIELD.visitorId, "visitor_id");
        check(FIELD.size, "size");
        check(FIELD.isRobot, "is_robot");
        check(FIELD.communityIds, "community_ids");
        check(FACET_FIELD + 2, "languages");
      }),
      { numRuns: 1000 },
    );
  });

  it("a plain id's bytes are its text; any other id is not plain", () => {
    const s = read('{"visitor_id":"abc","file_id":"\\u0061bc","recid":"é","parent_id":"","record_id":7}');
    expect(s.isPlainId(FIELD.visitorId)).toBe(true);
    expect(s.bytes.toString("utf8", s.start[FIELD.visitorId] + 1, s.end[FIELD.visitorId] - 1)).toBe("abc");
    for (const field of [FIELD.fileId, FIELD.recid, FIELD.parentId, FIELD.recordId]) expect(s.isPlainId(field)).toBe(false);
    expect(s.idText(FIELD.fileId)).toBe("abc");
    expect(s.idText(FIELD.recordId)).toBe("7");
  });
});
