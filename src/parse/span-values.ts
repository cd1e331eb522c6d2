// The values of one event line's fields, read from their byte spans (EventSpans, in
// event-spans.ts, finds the spans): strings or numbers only when asked for, with
// JSON.parse's meaning (escapes, numbers); ids hashed, or interned in this thread's id
// dictionaries, straight from the bytes.

import { ByteDictionary, hashBytes, type IdDictionary } from "../columnar/byte-dictionary.js";
import { parseTimestampDay, parseTimestampDayBytes } from "../model/day.js";
import { FIELD, FIELD_COUNT, INTERNED_ID_FIELDS } from "./event-fields.js";
import { JSON_KIND, type JsonKind } from "./json-tokens.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import type { WasmEventScanner } from "./wasm-event-scanner.js";
import { WasmIdDictionary } from "./wasm-id-dictionary.js";

/** What indexCode answers for an id the scanner did not look up. */
export const NOT_LOOKED_UP = -2;

export class SpanValues {
  /** The bytes the spans point into (the chunk, or a normalized copy of one line). */
  bytes: Buffer = Buffer.alloc(0);
  readonly kind: Uint8Array;
  /** A value's bytes, quotes included for strings. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Strings only: decoding needs more than a byte copy (escapes, or bytes beyond ASCII). */
  protected readonly plainAscii: Uint8Array;
  // What the WebAssembly scanner computed from a plain string (an id's hash, the
  // timestamp's day) and whether it did for this line's value: 0 for every value another
  // way gave (the JavaScript scanner, a replayed tail), which is then read from its bytes.
  protected readonly computed: Int32Array;
  protected readonly computedValid: Uint8Array;
  /** Per field of INTERNED_ID_FIELDS: the code the scanner's dictionary gave its id, where computedValid says so. */
  private readonly scannedCodes: Int32Array;
  /** The dictionary of each field of INTERNED_ID_FIELDS: the scanner's own (it interns ids as it reads them), or a ByteDictionary. */
  private readonly idDictionaries: readonly IdDictionary[];
  /** Per field of LOOKED_UP_ID_FIELDS: 1 when the scanner looks its ids up in the record index (wasm-event-scanner.ts lookUpIds). */
  private readonly lookedUp: Uint8Array;
  /** The record index the scanner looks ids up in (its generation). */
  private lookupIndex = "";

  /** The arrays in the scanner's memory, or (no scanner) of their own. */
  constructor(protected readonly wasm: WasmEventScanner | null) {
    this.kind = wasm?.kind ?? new Uint8Array(FIELD_COUNT);
    this.start = wasm?.start ?? new Int32Array(FIELD_COUNT);
    this.end = wasm?.end ?? new Int32Array(FIELD_COUNT);
    this.plainAscii = wasm?.plainAscii ?? new Uint8Array(FIELD_COUNT);
    this.computed = wasm?.computed ?? new Int32Array(FIELD_COUNT);
    this.computedValid = wasm?.computedValid ?? new Uint8Array(FIELD_COUNT);
    this.scannedCodes = wasm?.code ?? new Int32Array(FIELD_COUNT);
    this.lookedUp = wasm?.lookedUp ?? new Uint8Array(FIELD_COUNT);
    this.idDictionaries = INTERNED_ID_FIELDS.map((_field, dictionary) =>
      wasm === null ? new ByteDictionary() : new WasmIdDictionary(wasm.dictionaries, dictionary),
    );
  }

  has(field: number): boolean {
    const kind = this.kind[field];
    return kind !== JSON_KIND.absent && kind !== JSON_KIND.null;
  }

  kindOf(field: number): JsonKind {
    return this.kind[field] as JsonKind;
  }

  isTrue(field: number): boolean {
    return this.kind[field] === JSON_KIND.true;
  }

  /** A string field's value; undefined for any other kind. */
  text(field: number): string | undefined {
    if (this.kind[field] !== JSON_KIND.string) return undefined;
    const start = this.start[field],
      end = this.end[field];
    if (this.plainAscii[field] === 1) return this.bytes.toString("latin1", start + 1, end - 1);
    return JSON.parse(this.bytes.toString("utf8", start, end)) as string;
  }

  /** A number field's value (NaN for any other kind). Plain integers (sizes) are read from the bytes. */
  number(field: number): number {
    if (this.kind[field] !== JSON_KIND.number) return NaN;
    const start = this.start[field],
      end = this.end[field];
    if (end - start <= 15) {
      let value = 0;
      let i = start;
      for (; i < end; i++) {
        const digit = this.bytes[i] - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (i === end) return value;
    }
    return Number(this.bytes.toString("latin1", start, end));
  }

  /** The UTC day of a timestamp field, NaN when it is not a string or does not parse. */
  day(field: number): number {
    if (field === FIELD.timestamp && this.computedValid[field] === 1) return this.computed[field];
    if (this.kind[field] !== JSON_KIND.string) return NaN;
    if (this.plainAscii[field] === 1) return parseTimestampDayBytes(this.bytes, this.start[field] + 1, this.end[field] - 1);
    return parseTimestampDay(this.text(field)!);
  }

  /** An id: a non-empty string, or a finite number as its decimal text (ids are sometimes numbers). */
  idText(field: number): string | undefined {
    const kind = this.kind[field];
    if (kind === JSON_KIND.string) {
      if (this.end[field] - this.start[field] === 2) return undefined; // ""
      return this.text(field);
    }
    if (kind !== JSON_KIND.number) return undefined;
    const value = this.number(field);
    return Number.isFinite(value) ? String(value) : undefined;
  }

  /** Whether idText would give an id (without making its string). */
  hasId(field: number): boolean {
    const kind = this.kind[field];
    if (kind === JSON_KIND.string) return this.end[field] - this.start[field] > 2;
    return kind === JSON_KIND.number && Number.isFinite(this.number(field));
  }

  /** A non-empty ASCII string without escapes: its bytes (inside the quotes) are its text. */
  isPlainId(field: number): boolean {
    return this.kind[field] === JSON_KIND.string && this.plainAscii[field] === 1 && this.end[field] - this.start[field] > 2;
  }

  /** Where a chunk's ids of `field` (one of INTERNED_ID_FIELDS) are interned: one dictionary per field, this thread's. */
  idDictionary(field: number): IdDictionary {
    return this.idDictionaries[INTERNED_ID_FIELDS.indexOf(field)];
  }

  /**
   * Whether the scanner interns the ids of INTERNED_ID_FIELDS as it reads them. Off for a
   * pass that keeps only some events (a day window, a --start/--end range): the scanner
   * reads lines it does not keep, whose ids would fill the chunk's dictionaries.
   */
  internIdsAsRead(on: boolean): void {
    this.wasm?.internAsRead(on);
  }

  /** The code the scanner gave a plain id of INTERNED_ID_FIELDS in its dictionary as it read it; -1 when it did not (IdDictionary.internScanned). */
  scannedCode(field: number): number {
    return this.computedValid[field] === 1 ? this.scannedCodes[field] : -1;
  }

  /**
   * Has the scanner look record and parent ids (LOOKED_UP_ID_FIELDS) up in this record
   * index as it reads them: once per index and thread, a copy of its ids (~1 ms per 50,000).
   */
  useRecordIndex(index: Pick<RecordIndexBuffers, "generation" | "recordIds" | "parents">): void {
    if (this.wasm === null || index.generation === this.lookupIndex) return;
    this.lookupIndex = index.generation;
    this.wasm.lookUpIds([index.recordIds, index.parents]);
  }

  /**
   * The record index's code of a plain id of LOOKED_UP_ID_FIELDS (record ids in
   * `recordIds`, parent ids in `parents`) as the scanner found it reading the line: the
   * code, -1 when the index does not hold the id, or NOT_LOOKED_UP (look it up by its bytes).
   */
  indexCode(field: number): number {
    return this.computedValid[field] === 1 && this.lookedUp[field] === 1 ? this.scannedCodes[field] : NOT_LOOKED_UP;
  }

  /** hashBytes of a plain id's bytes (isPlainId), as the byte-keyed tables hash them. */
  idHash(field: number): number {
    return this.computedValid[field] === 1 ? this.computed[field] : hashBytes(this.bytes, this.start[field] + 1, this.end[field] - 1);
  }

  /** The value, parsed (for the values read as a whole: once per distinct text). */
  json(field: number): unknown {
    return JSON.parse(this.bytes.toString("utf8", this.start[field], this.end[field]));
  }
}
