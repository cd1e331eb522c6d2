// The WebAssembly event line scanner (src/parse/wasm/, built into dist/wasm/) against
// JSON.parse: whatever it accepts is one JSON object, and each field's span holds the value
// JSON.parse gives that key (the last of duplicates), with its kind and plain-ASCII flag;
// it accepts every object JSON.stringify writes. What it refuses, EventSpans gives to the
// JavaScript scanner (json-bytes.test.ts holds that one to JSON.parse). What it computes
// from values (id hashes, days): wasm-scanner-values.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_FIELD_NAMES, FIELD } from "../../src/parse/event-fields.js";
import { JSON_KIND } from "../../src/parse/json-tokens.js";
import { EventSpans } from "../../src/parse/event-spans.js";
import { WASM_SCAN } from "../../src/parse/wasm-event-scanner.js";
import { expectSpans, objectText, scanner, verdict } from "../support/wasm-scanner.js";

function parsesAsObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

// Keys: the fields read (some twice), and others; values of every kind, strings around the vector width.
const key = fc.oneof(fc.constantFrom(...EVENT_FIELD_NAMES, "visitor_id", "other", "unique_session_id", ""), fc.string({ maxLength: 20 }));
const text16 = fc.string({ unit: fc.constantFrom("a", "0", " ", "é", "\u2028", '"', "\\", "\n", "😀"), maxLength: 40 });
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text16, fc.double(), fc.constantFrom(true, false, null, 0, -0, 1e300, "", []));
const members = fc.array(fc.tuple(key, value), { maxLength: 14 });

describe("the WebAssembly event scanner", () => {
  it("accepts every object JSON.stringify writes, with the spans JSON.parse reads (last duplicate wins)", () => {
    fc.assert(
      fc.property(members, fc.boolean(), fc.nat(40), (entries, spaced, offset) => {
        const text = objectText(entries, spaced);
        // Somewhere inside a larger buffer, as a line of a chunk is.
        const bytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(text, "utf8"), Buffer.from("\n{}")]);
        const end = offset + Buffer.byteLength(text);
        // A key with escapes is left to the JavaScript scanner.
        const escapedKey = entries.some(([k]) => JSON.stringify(k).includes("\\"));
        expect(verdict(bytes, offset, end), text).toBe(escapedKey ? WASM_SCAN.refused : WASM_SCAN.accepted);
        if (!escapedKey) expectSpans(bytes, text, offset);
      }),
      { numRuns: 3000 },
    );
  });

  it("takes a key for a field only when every byte of its name matches (one byte changed anywhere, at any alignment)", () => {
    // Keys of a field's length with the same first and last byte land in its slot; only
    // comparing the whole name tells them apart, at whichever alignment the line puts them.
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_FIELD_NAMES), fc.nat(40), fc.nat(15), (name, at, offset) => {
        const position = at % name.length;
        const changed = name.slice(0, position) + (name[position] === "x" ? "y" : "x") + name.slice(position + 1);
        const text = objectText(
          [
            [changed, "a"],
            [name.slice(0, -1), "b"],
            [`${name}_`, "c"],
          ],
          false,
        );
        const bytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(text)]);
        expect(verdict(bytes, offset, bytes.length), text).toBe(WASM_SCAN.accepted);
        expectSpans(bytes, text, offset);
        const withField = objectText([[name, "d"]], false);
        const fieldBytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(withField)]);
        expect(verdict(fieldBytes, offset, fieldBytes.length)).toBe(WASM_SCAN.accepted);
        expectSpans(fieldBytes, withField, offset);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads each line of a run of lines with the same keys as it reads that line alone (the keys predicted from the lines before)", () => {
    // A file's lines name the same keys in the same order: each position's key is
    // predicted from the line before. Lines here mostly repeat the keys; some change one
    // (a byte of it, its length, a space before or after its colon), drop one or add one, at any position.
    const change = fc.tuple(fc.nat(), fc.constantFrom("byte", "longer", "shorter", "spaced", "spaced after", "drop", "add"), key);
    const line = fc.tuple(fc.array(value, { minLength: 16, maxLength: 16 }), fc.option(change, { freq: 2 }), fc.nat(20));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 14 }), fc.array(line, { minLength: 2, maxLength: 8 }), (keys, lines) => {
        for (const [values, edit, offset] of lines) {
          let entries: [string, unknown][] = keys.map((k, j) => [k, values[j]]);
          let colon = ":";
          if (edit !== null) {
            const [at, how, other] = edit;
            const j = at % entries.length;
            const name = entries[j][0];
            if (how === "byte" && name.length > 0) entries[j][0] = name.slice(0, -1) + (name.endsWith("x") ? "y" : "x");
            if (how === "longer") entries[j][0] = `${name}_`;
            if (how === "shorter") entries[j][0] = name.slice(1);
            if (how === "drop") entries = entries.filter((_entry, i) => i !== j);
            if (how === "add") entries.splice(j, 0, [other, values[15]]);
            if (how === "spaced") colon = " :";
            if (how === "spaced after") colon = ":\t ";
          }
          const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${JSON.stringify(v) ?? "null"}`).join(",")}}`;
          const bytes = Buffer.concat([Buffer.alloc(offset, 0x20), Buffer.from(text, "utf8")]);
          const escapedKey = entries.some(([k]) => JSON.stringify(k).includes("\\"));
          expect(verdict(bytes, offset, bytes.length), text).toBe(escapedKey ? WASM_SCAN.refused : WASM_SCAN.accepted);
          if (!escapedKey) expectSpans(bytes, text, offset);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("tells a predicted key from every key that begins like it, of any length (one vector or two)", () => {
    const names = [...EVENT_FIELD_NAMES, "unique_session_id", "x".repeat(28), "x".repeat(29), "x".repeat(30)];
    const near = (name: string) => [name, `${name}_`, `${name}_a_much_longer_key`, name.slice(0, -1), `${name.slice(0, -1)}~`, `~${name.slice(1)}`];
    for (const name of names) {
      for (const predicted of near(name)) {
        for (const actual of near(name)) {
          for (const text of [`{"${predicted}":"1","visitor_id":"v"}`, `{"${actual}":"2","visitor_id":"w"}`, `{"${actual}":"3"}`]) {
            const bytes = Buffer.from(text);
            expect(verdict(bytes), text).toBe(WASM_SCAN.accepted);
            expectSpans(bytes, text);
          }
        }
      }
    }
  });

  it("never accepts a text JSON.parse refuses or that is not one object (random edits)", () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.constantFrom(...'{}[]",:\\ \u0001tfn0-.eE+9aé'));
    fc.assert(
      fc.property(members, fc.array(edit, { minLength: 1, maxLength: 3 }), (entries, edits) => {
        let text = objectText(entries, false);
        for (const [at, how, char] of edits) {
          const i = text.length === 0 ? 0 : at % text.length;
          text = how === "delete" ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + char + text.slice(how === "insert" ? i : i + 1);
        }
        const bytes = Buffer.from(text, "utf8");
        const accepted = verdict(bytes) === WASM_SCAN.accepted;
        if (accepted) {
          expect(parsesAsObject(text), text).toBe(true);
          expectSpans(bytes, text);
        } else if (parsesAsObject(text) && !text.includes("\\")) {
          // Refusals are left to the JavaScript scanner; a plain object is not one of them.
          expect.fail(`refused a plain object: ${text}`);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("never accepts arbitrary text JSON.parse refuses", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[]",:\\ \ttfnrue0123-.eE+aé\u0000'), maxLength: 40 }), (text) => {
        const bytes = Buffer.from(text, "utf8");
        if (verdict(bytes) === WASM_SCAN.accepted) expect(parsesAsObject(text), text).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("finds each special byte of a string at every position around the sixteen-byte steps", () => {
    const specials = ['"', "\\", "\u0001", "\u001f", "é", "\\u00e9", '\\"', "\\n", "\\x"];
    for (let length = 0; length <= 40; length++) {
      for (let at = 0; at <= length; at++) {
        for (const special of specials) {
          const inner = "a".repeat(at) + special + "b".repeat(length - at);
          for (const text of [`{"visitor_id":"${inner}","size":1}`, `{"visitor_id":"${inner}"}`]) {
            const bytes = Buffer.from(text, "utf8");
            const accepted = verdict(bytes) === WASM_SCAN.accepted;
            expect(accepted, text).toBe(parsesAsObject(text));
            if (accepted) expectSpans(bytes, text);
          }
        }
      }
    }
  });

  it("finds where each line ends as Buffer.indexOf does: around the sixteen-byte steps, across and beyond its window", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "{", "é"), maxLength: 70 }), fc.nat(80), (text, from) => {
        const bytes = Buffer.from(text);
        scanner.forgetWindow();
        expect(scanner.lineEnd(bytes, from % (bytes.length + 1)), JSON.stringify(text)).toBe(bytes.indexOf(0x0a, from % (bytes.length + 1)));
      }),
      { numRuns: 3000 },
    );
    // Newlines just inside, at and past the edge of a window placed at 0 or at a line, a line longer than the window, none at the end.
    const window = 1 << 20;
    const bytes = Buffer.alloc(3 * window + 100, 0x61);
    const newlines = [10, window - 17, window - 1, window, window + 15, 3 * window - 5];
    for (const at of newlines) bytes[at] = 0x0a;
    const spans = new EventSpans();
    for (const from of [
      0,
      11,
      window - 40,
      window - 16,
      window - 1,
      window + 1,
      window + 16,
      window + 17,
      2 * window - 5,
      2 * window,
      3 * window - 4,
      bytes.length - 1,
    ]) {
      scanner.forgetWindow();
      expect(scanner.lineEnd(bytes, from), `from ${from}`).toBe(bytes.indexOf(0x0a, from));
      // Through EventSpans, after a line it scanned put its window elsewhere.
      spans.newText();
      spans.scan(Buffer.from('{"recid":"r"}'), 0, 13);
      expect(spans.lineEnd(bytes, from), `from ${from}`).toBe(bytes.indexOf(0x0a, from));
    }
  });

  it("stops at the first member whose value is a list or an object (a tail), and reads on from there", () => {
    const text = '{"recid":"r1","community_ids":["c1"],"resource_type":{"id":"x"},"visitor_id":"v"}';
    const bytes = Buffer.from(text);
    expect(scanner.scanLine(bytes, 0, bytes.length)).toBe(WASM_SCAN.atContainer);
    expect(bytes.toString("latin1", scanner.stopKeyQuote(), scanner.stopKeyQuote() + 15)).toBe('"community_ids"');
    expect(scanner.kind[FIELD.recid]).toBe(JSON_KIND.string);
    expect(scanner.kind[FIELD.visitorId]).toBe(JSON_KIND.absent);
    expect(scanner.resume()).toBe(WASM_SCAN.accepted);
    expect(bytes.toString("latin1", scanner.valuesEnd() - 3, scanner.valuesEnd())).toBe('"v"');
    expectSpans(bytes, text);
  });

  it("leaves escaped keys, nesting deeper than its stack and lines longer than its window to the JavaScript scanner", () => {
    const deep = `{"visitor_id":"v","x":${"[".repeat(70_000)}${"]".repeat(70_000)}}`;
    const long = `{"visitor_id":"${"v".repeat(1 << 20)}"}`;
    const escaped = '{"visitor\\u005fid":"v"}';
    const spans = new EventSpans();
    for (const text of [deep, long, escaped]) {
      const bytes = Buffer.from(text);
      expect(verdict(bytes), text.slice(0, 40)).toBe(WASM_SCAN.refused);
      expect(spans.scan(bytes, 0, bytes.length), text.slice(0, 40)).toBe(true);
      expect(spans.text(FIELD.visitorId)).toBe((JSON.parse(text) as { visitor_id: string }).visitor_id);
    }
  });

  it("reads new bytes after a chunk it has windowed, in the same buffer once told so (a reused chunk buffer)", () => {
    const spans = new EventSpans();
    const bytes = Buffer.from('{"visitor_id":"first"}\n');
    expect(spans.scan(bytes, 0, bytes.length - 1)).toBe(true);
    expect(spans.text(FIELD.visitorId)).toBe("first");
    bytes.write('{"visitor_id":"again"}\n');
    spans.newText();
    expect(spans.scan(bytes, 0, bytes.length - 1)).toBe(true);
    expect(spans.text(FIELD.visitorId)).toBe("again");
  });
});
