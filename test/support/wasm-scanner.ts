// The WebAssembly event scanner as its tests use it (wasm-event-scanner.test.ts,
// wasm-scanner-values.test.ts): one instance, its verdict on a line, and each field's span,
// kind, flag and computed value held to what JSON.parse and the JavaScript readers give.

import { expect } from "vitest";
import { hashBytes } from "../../src/columnar/byte-dictionary.js";
import { parseTimestampDay } from "../../src/model/day.js";
import { EVENT_FIELD_NAMES, FIELD, HASHED_ID_FIELDS, SCANNER_FIELD_KEYS } from "../../src/parse/event-fields.js";
import { JSON_KIND } from "../../src/parse/json-tokens.js";
import { WASM_SCAN, WasmEventScanner } from "../../src/parse/wasm-event-scanner.js";

const made = WasmEventScanner.create(SCANNER_FIELD_KEYS);
if (made === null) throw new Error("no WebAssembly scanner in this process (an address-space limit?): these tests need one");
export const scanner = made;

/** The scanner's verdict on bytes[start, end), read on past a tail as EventSpans does for a new one. */
export function verdict(bytes: Buffer, start = 0, end = bytes.length): number {
  const first = scanner.scanLine(bytes, start, end);
  return first === WASM_SCAN.atContainer ? scanner.resume() : first;
}

function kindOf(value: unknown): number {
  if (typeof value === "string") return JSON_KIND.string;
  if (typeof value === "number") return JSON_KIND.number;
  if (value === true) return JSON_KIND.true;
  if (value === false) return JSON_KIND.false;
  if (value === null) return JSON_KIND.null;
  return Array.isArray(value) ? JSON_KIND.array : JSON_KIND.object;
}

/** Every field's span, kind and flag as JSON.parse reads `text` (an object) from its UTF-8 bytes (a lone surrogate becomes U+FFFD). */
export function expectSpans(bytes: Buffer, text: string, start = 0): void {
  const parsed = JSON.parse(Buffer.from(text, "utf8").toString("utf8")) as Record<string, unknown>;
  EVENT_FIELD_NAMES.forEach((name, field) => {
    if (!Object.hasOwn(parsed, name)) {
      expect(scanner.kind[field], `${name} absent in ${text}`).toBe(JSON_KIND.absent);
      return;
    }
    const value = parsed[name];
    const span = bytes.subarray(scanner.start[field], scanner.end[field]);
    expect(scanner.kind[field], `${name} in ${text}`).toBe(kindOf(value));
    expect(JSON.parse(span.toString("utf8")), `${name} in ${text}`).toEqual(value);
    const plain = typeof value === "string" && !span.includes(0x5c) && span.every((byte) => byte < 0x80);
    expect(scanner.plainAscii[field], `${name} in ${text}`).toBe(plain ? 1 : 0);
    expect(scanner.start[field]).toBeGreaterThanOrEqual(start);
    expectComputed(bytes, field, plain);
  });
}

/** An id field's plain non-empty string: its hash as hashBytes gives it; the timestamp's: its day where it has the stored form. */
export function expectComputed(bytes: Buffer, field: number, plain: boolean): void {
  const inner = bytes.subarray(scanner.start[field] + 1, scanner.end[field] - 1);
  if (HASHED_ID_FIELDS.includes(field)) {
    const expected = plain && inner.length > 0;
    expect(scanner.computedValid[field], `hash of ${inner.toString("latin1")}`).toBe(expected ? 1 : 0);
    if (expected) expect(scanner.computed[field]).toBe(hashBytes(inner, 0, inner.length));
  } else if (field === FIELD.timestamp && scanner.computedValid[field] === 1) {
    expect(plain).toBe(true);
    expect(scanner.computed[field], inner.toString("latin1")).toBe(parseTimestampDay(inner.toString("latin1")));
  }
}

/** An object written by hand (JSON.stringify would drop duplicate keys), compact or spaced. */
export function objectText(entries: [string, unknown][], spaced: boolean): string {
  const sep = spaced ? " ,\n " : ",";
  const colon = spaced ? " :\t" : ":";
  const body = entries.map(([k, v]) => `${JSON.stringify(k)}${colon}${JSON.stringify(v, null, spaced ? 1 : undefined) ?? "null"}`).join(sep);
  return spaced ? ` { ${body} } ` : `{${body}}`;
}
