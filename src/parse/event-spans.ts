// One event line as the byte spans of the fields the engine reads: the line is checked
// to be one JSON object (json-bytes.ts) and nothing else is materialized. Values become
// strings or numbers only when asked for, with JSON.parse's meaning (escapes, numbers,
// the last of duplicate keys).

import { grownArray } from "../columnar/shared-arrays.js";
import { parseTimestampDay, parseTimestampDayBytes } from "../model/day.js";
import { FACETS, FACET_COUNT } from "../model/facets.js";
import { MAX_TAIL_BYTES_ONE, MIN_TAIL_BYTES, SeenTails, TAIL_WORDS } from "./seen-tails.js";
import { JsonScanner, type MemberReader } from "./json-bytes.js";
import { JSON_KIND, keyIs, kindAt, type JsonKind } from "./json-tokens.js";

/** The fields read, by index: the fixed ones, then one per subcount key (FACET_FIELD + key index). */
export const FIELD = {
  type: 0,
  timestamp: 1,
  recid: 2,
  recordId: 3,
  parentRecid: 4,
  parentId: 5,
  visitorId: 6,
  fileId: 7,
  fileKey: 8,
  size: 9,
  isRobot: 10,
  isMachine: 11,
  viaApi: 12,
  communityIds: 13,
  pidValue: 14,
  pidType: 15,
} as const;
export const FACET_FIELD = 16;
/** The names of the fields the engine reads from an event, by field number (FIELD, then each facet's). */
export const EVENT_FIELD_NAMES: readonly string[] = [
  "type",
  "timestamp",
  "recid",
  "record_id",
  "parent_recid",
  "parent_id",
  "visitor_id",
  "file_id",
  "file_key",
  "size",
  "is_robot",
  "is_machine",
  "via_api",
  "community_ids",
  // Older invenio-stats record views: `record_id` is the record's UUID, `pid_value` its recid.
  "pid_value",
  "pid_type",
  ...FACETS.map((facet) => facet.eventField),
];
const FIELD_COUNT = FACET_FIELD + FACET_COUNT;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

const NAME_BYTES = EVENT_FIELD_NAMES.map((name) => Buffer.from(name, "latin1"));
const FIELD_BY_NAME = new Map(EVENT_FIELD_NAMES.map((name, field) => [name, field]));
// A key's field without comparing it with several names: its length, first and last byte
// pick a slot (with a multiplier found at load so that no two names share one), and the
// key is compared with that slot's name only.
const KEY_SLOT_BITS = 7;
function keySlot(first: number, last: number, length: number, multiplier: number): number {
  return Math.imul(first | (last << 8) | (length << 16), multiplier) >>> (32 - KEY_SLOT_BITS);
}
function slotFields(multiplier: number): Int8Array | undefined {
  const fields = new Int8Array(1 << KEY_SLOT_BITS).fill(-1);
  for (const [field, name] of NAME_BYTES.entries()) {
    const slot = keySlot(name[0], name[name.length - 1], name.length, multiplier);
    if (fields[slot] >= 0) return undefined;
    fields[slot] = field;
  }
  return fields;
}
let keyMultiplier = 0x9e3779b1 | 0;
let fieldBySlot = slotFields(keyMultiplier);
while (fieldBySlot === undefined) fieldBySlot = slotFields((keyMultiplier = Math.imul(keyMultiplier, 0x2c1b3c6d) | 1));
const KEY_MULTIPLIER = keyMultiplier;
const FIELD_BY_SLOT = fieldBySlot;

export class EventSpans implements MemberReader {
  /** The bytes the spans point into (the chunk, or a normalized copy of one line). */
  bytes: Buffer = Buffer.alloc(0);
  readonly kind = new Uint8Array(FIELD_COUNT);
  /** A value's bytes, quotes included for strings. */
  readonly start = new Int32Array(FIELD_COUNT);
  readonly end = new Int32Array(FIELD_COUNT);
  /** Strings only: decoding needs more than a byte copy (escapes, or bytes beyond ASCII). */
  private readonly plainAscii = new Uint8Array(FIELD_COUNT);

  /** Where the scanned text ends. */
  private limit = 0;
  private readonly scanner = new JsonScanner();
  // Tails (seen-tails.ts): whether this line's was looked for, and while a new one is
  // read, where it starts and the fields read in it so far.
  private readonly tails = new SeenTails();
  private tailSeen = false;
  /** The number of this line's tail among those seen (-1: none), where it starts, and its generation (seen-tails.ts). */
  tail = -1;
  tailAt = -1;
  private tailStart = -1;
  private pending: Int32Array = new Int32Array(64);
  private pendingLength = 0;
  /** Where the value of the last member read ends. */
  private valuesEnd = 0;

  /** MemberReader: scans a member's value and keeps its span when the key is a field read. */
  value(keyStart: number, keyEnd: number, escapedKey: boolean, valueStart: number): number {
    const b = this.bytes;
    if (!this.tailSeen && (b[valueStart] === OPEN_BRACKET || b[valueStart] === OPEN_BRACE)) {
      this.tailSeen = true;
      const tailStart = keyStart - 1; // the key's opening quote
      const length = this.limit - tailStart;
      if (length >= MIN_TAIL_BYTES && length <= MAX_TAIL_BYTES_ONE) {
        const tail = this.tails.find(b, tailStart, this.limit);
        this.tail = tail;
        this.tailAt = tailStart;
        if (this.tails.known(tail)) return this.replayTail(tail, tailStart);
        this.tailStart = tailStart;
        this.pendingLength = 0;
      }
    }
    // Most values are strings: straight to the string scanner.
    const valueEnd = b[valueStart] === QUOTE ? this.scanner.scanString(b, valueStart, this.limit) : this.scanner.scanValue(b, valueStart, this.limit);
    if (valueEnd < 0) return -1;
    this.valuesEnd = valueEnd;
    const field = escapedKey ? this.escapedField(keyStart, keyEnd) : this.fieldOf(keyStart, keyEnd);
    if (field < 0) return valueEnd;
    const kind = kindAt(b, valueStart);
    this.kind[field] = kind;
    this.start[field] = valueStart;
    this.end[field] = valueEnd;
    // Right after scanning the value: the scanner's string flags are this string's.
    const plain = kind === JSON_KIND.string && !this.scanner.stringEscaped && !this.scanner.stringNonAscii ? 1 : 0;
    this.plainAscii[field] = plain;
    if (this.tailStart >= 0) this.note(field, valueStart, valueEnd, kind | (plain << 8));
    return valueEnd;
  }

  /** Reads the object on bytes[start, end); false when that is not exactly one JSON object. */
  scan(bytes: Buffer, start: number, end: number): boolean {
    this.bytes = bytes;
    this.limit = end;
    this.kind.fill(JSON_KIND.absent);
    this.tailSeen = false;
    this.tail = -1;
    this.tailAt = -1;
    this.tailStart = -1;
    if (!this.scanner.scanObject(bytes, start, end, this)) return false;
    // A tail read in full for the first time: kept for the next line that ends with it.
    if (this.tailStart >= 0) this.tails.keep(this.tail, this.pending, this.pendingLength, this.valuesEnd - this.tailStart);
    return true;
  }

  /** A tail read before: its fields' spans as found then, moved to where it is now; returns where its values end. */
  private replayTail(tail: number, tailStart: number): number {
    const tails = this.tails;
    const words = tails.words;
    for (let w = tails.first(tail); w < tails.end(tail); w += TAIL_WORDS) {
      const field = words[w];
      this.kind[field] = words[w + 3] & 0xff;
      this.plainAscii[field] = words[w + 3] >> 8;
      this.start[field] = tailStart + words[w + 1];
      this.end[field] = tailStart + words[w + 2];
    }
    return tailStart + tails.valuesEnd(tail);
  }

  /** Notes a field read in a new tail, relative to its start. */
  private note(field: number, start: number, end: number, kindAndPlain: number): void {
    if (this.pendingLength + TAIL_WORDS > this.pending.length) this.pending = grownArray(this.pending, this.pending.length * 2);
    const p = this.pending;
    const at = this.pendingLength;
    p[at] = field;
    p[at + 1] = start - this.tailStart;
    p[at + 2] = end - this.tailStart;
    p[at + 3] = kindAndPlain;
    this.pendingLength = at + TAIL_WORDS;
  }

  get tailGeneration(): number {
    return this.tails.generation;
  }

  /** Whether the field's value is in this line's tail: then it is the same text on every line with that tail. */
  inTail(field: number): boolean {
    return this.tail >= 0 && this.start[field] >= this.tailAt;
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

  /** The value, parsed (for the values read as a whole: once per distinct text). */
  json(field: number): unknown {
    return JSON.parse(this.bytes.toString("utf8", this.start[field], this.end[field]));
  }

  private fieldOf(keyStart: number, keyEnd: number): number {
    if (keyEnd <= keyStart) return -1;
    const b = this.bytes;
    const field = FIELD_BY_SLOT[keySlot(b[keyStart], b[keyEnd - 1], keyEnd - keyStart, KEY_MULTIPLIER)];
    return field >= 0 && keyIs(b, keyStart, keyEnd, NAME_BYTES[field]) ? field : -1;
  }

  private escapedField(keyStart: number, keyEnd: number): number {
    const key = JSON.parse(this.bytes.toString("utf8", keyStart - 1, keyEnd + 1)) as string;
    return FIELD_BY_NAME.get(key) ?? -1;
  }
}
