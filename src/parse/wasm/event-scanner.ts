// AssemblyScript, compiled to WebAssembly by `npm run build` (scripts/build-wasm.mjs), not
// by tsc: the event line scanner of event-spans.ts, on the JSON grammar of json-grammar.ts
// (json-bytes.ts's, sixteen bytes at a time inside strings). It only ever accepts
// what the JavaScript scanner accepts, with the same spans; anything else (a key with
// escapes, nesting deeper than its stack, a line that is not JSON) it refuses, and the
// JavaScript scanner decides that line. test/parse/wasm-event-scanner.test.ts holds the
// two to that.
//
// Memory (one fixed block, never grown, so the views JavaScript holds stay valid):
//   per field: kind (u8), plain ASCII (u8), start and end (i32, positions in the caller's
//   bytes); the key slot table and the field names (written once by JavaScript); the
//   stack of open containers; the window of the caller's bytes being scanned; then per
//   field what else to compute from a plain string value (written once by JavaScript),
//   the value computed (i32) and whether it was, this line, each field's id dictionary and
//   the code its id got there; in the last 4 KiB before the 19th 64 KiB page,
//   predicted-keys.ts's keys; from that page on, id-dictionaries.ts's scratch and
//   dictionaries.
//
// What else: an id field's hash (byte-dictionary.ts's hashBytes, bit for bit: the
// dictionaries' tables are built with that one), and the timestamp's UTC day in the form
// invenio-stats stores (day.ts's parseTimestampDayBytes), both in value-readers.ts. Read
// once per event each, they cost JavaScript ~100 ns an id; here they are a few
// nanoseconds, on bytes being read anyway. A visitor or file id is then interned in its
// field's dictionary, from the window, where JavaScript would have compared it again.

export const FIELDS_MAX: i32 = 64;
export const KIND_AT: usize = 0;
export const PLAIN_AT: usize = 64;
export const START_AT: usize = 128;
export const END_AT: usize = 384;
/** Slot -> field (i8, -1 none): 128 slots. */
export const SLOT_AT: usize = 640;
/** Per field: where its name starts (i32) and its length (i32). */
export const NAME_AT: usize = 768;
export const NAME_LENGTH_AT: usize = 1024;
export const NAMES_AT: usize = 1280;
export const NAMES_END: usize = 4096;
// 4096..65536: json-grammar.ts's stack of open containers.
export const WINDOW_AT: usize = 65536;
/** The window's size: a longer line is left to the JavaScript scanner. Sixteen bytes after it are slack for vector loads. */
export const WINDOW_BYTES: i32 = 1 << 20;
/** Per field: COMPUTE_NOTHING, COMPUTE_HASH or COMPUTE_DAY (u8). */
export const COMPUTE_AT: usize = WINDOW_AT + <usize>WINDOW_BYTES + 64;
/** Per field: the hash or day computed (i32). */
export const COMPUTED_AT: usize = COMPUTE_AT + 64;
/** Per field: 1 when COMPUTED_AT holds the value of this line's field (u8). */
export const COMPUTED_VALID_AT: usize = COMPUTED_AT + 256;
/** Per field: the id dictionary (id-dictionaries.ts) its hashed ids are interned in, or DICTIONARY_NONE (i8, written once by JavaScript). */
export const DICTIONARY_OF_AT: usize = COMPUTED_VALID_AT + 64;
/** Per field: the code interned for this line's id when COMPUTED_VALID_AT says so, -1 when it was not (no dictionary now, or a full one) (i32). */
export const CODE_AT: usize = DICTIONARY_OF_AT + 64;
// From the next 64 KiB on: id-dictionaries.ts (SCRATCH_AT, then the dictionaries).

import { afterColon, limit, scanString, scanValue, setLimit, skipSpace, stringEscaped, stringNonAscii } from "./json-grammar";
import { hashBytes, NO_DAY, timestampDay } from "./value-readers";
import { predictedField, predictedKeyLength, predictKey } from "./predicted-keys";
import { DICTIONARY_NONE, intern } from "./id-dictionaries";
// The id dictionaries' layout and calls, for wasm-id-dictionary.ts.
export {
  adoptIds,
  ARENA_BYTES,
  ARENA_OFFSET,
  closeDictionary,
  DICTIONARIES_AT,
  DICTIONARY_BYTES,
  internScratch,
  MAX_CODES,
  MEMORY_END,
  resetDictionary,
  SCRATCH_AT,
  SCRATCH_BYTES,
  STARTS_OFFSET,
} from "./id-dictionaries";
import { sameBytes } from "./same-bytes";

const QUOTE: u32 = 0x22;
const COMMA: u32 = 0x2c;
const OPEN_BRACE: u32 = 0x7b;
const CLOSE_BRACE: u32 = 0x7d;
const OPEN_BRACKET: u32 = 0x5b;

// What to compute from a field's plain string value (COMPUTE_AT).
const COMPUTE_HASH: u8 = 1;
const COMPUTE_DAY: u8 = 2;

// The kinds of json-tokens.ts JSON_KIND.
const KIND_STRING: u8 = 1;
const KIND_NUMBER: u8 = 2;
const KIND_TRUE: u8 = 3;
const KIND_FALSE: u8 = 4;
const KIND_NULL: u8 = 5;
const KIND_OBJECT: u8 = 6;
const KIND_ARRAY: u8 = 7;

/** What scanLine and resume return. */
const REFUSED: i32 = 0;
const ACCEPTED: i32 = 1;
const AT_CONTAINER: i32 = 2;

let fieldCount: i32 = 0;
let keyMultiplier: u32 = 0;
/** Added to a window address to give the caller's position. */
let delta: i32 = 0;
let containerSeen = false;
let valuesEndAt: usize = 0;
// The member stopped at (AT_CONTAINER): its key and where its value starts.
let stopKeyStart: usize = 0;
let stopKeyEnd: usize = 0;
let stopValueAt: usize = 0;
let stopField: i32 = -1;
/** The position of the top object's member being read (for its predicted key). */
let memberIndex: i32 = 0;

/** Called once, after JavaScript wrote the slot table and the names. */
export function configure(fields: i32, multiplier: u32): void {
  fieldCount = fields;
  keyMultiplier = multiplier;
}

/** Positions of the window's bytes in the caller's: position = address + delta. */
export function setDelta(value: i32): void {
  delta = value;
}

/** The caller's position where the value of the last member read ends. */
export function valuesEnd(): i32 {
  return <i32>valuesEndAt + delta;
}

/** The caller's position of the first byte of the key stopped at (AT_CONTAINER). */
export function stopKey(): i32 {
  return <i32>stopKeyStart + delta;
}

/**
 * The object on [start, end) (window addresses): ACCEPTED with every field read recorded,
 * REFUSED, or AT_CONTAINER at the first member whose value is a list or an object (a
 * tail: the caller looks it up, then replays it or calls resume).
 */
export function scanLine(start: usize, end: usize): i32 {
  clearFieldBytes(KIND_AT);
  clearFieldBytes(COMPUTED_VALID_AT);
  setLimit(end);
  containerSeen = false;
  memberIndex = 0;
  let i = skipSpace(start);
  if (i >= end || load<u8>(i) != OPEN_BRACE) return REFUSED;
  i = skipSpace(i + 1);
  if (i < end && load<u8>(i) == CLOSE_BRACE) return closed(i + 1);
  return members(i, 0, 0, -1, false);
}

/**
 * Zeroes the FIELDS_MAX bytes per field at `at`, sixteen at a time: memory.fill of a few
 * dozen bytes, twice a line, cost more than the stores.
 */
function clearFieldBytes(at: usize): void {
  const zero = i64x2.splat(0);
  for (let i: usize = 0; i < <usize>FIELDS_MAX; i += 16) v128.store(at + i, zero);
}

/**
 * The window address of the first newline in [from, end) (window addresses), or 0 when
 * there is none: where a line ends, found here sixteen bytes at a time (a call into
 * Node's Buffer.indexOf per line cost more than the search).
 */
export function findNewline(from: usize, end: usize): usize {
  const newlines = i8x16.splat(0x0a);
  let i = from;
  for (; i + 16 <= end; i += 16) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(i), newlines));
    if (mask != 0) return i + <usize>ctz(mask);
  }
  for (; i < end; i++) if (load<u8>(i) == 0x0a) return i;
  return 0;
}

/** Reads on from the member stopped at. */
export function resume(): i32 {
  return members(stopValueAt, stopKeyStart, stopKeyEnd, stopField, true);
}

// The top object's members from `i`: at a key, or (atValue) at the value of the given key.
function members(i: usize, keyStart: usize, keyEnd: usize, field: i32, atValue: bool): i32 {
  while (true) {
    if (!atValue) {
      if (i >= limit || load<u8>(i) != QUOTE) return REFUSED;
      keyStart = i + 1;
      const predicted = predictedKeyLength(memberIndex, i);
      if (predicted != 0) {
        keyEnd = i + predicted - 2;
        field = predictedField(memberIndex);
        i += predicted;
        if (i < limit && <u32>load<u8>(i) <= 0x20) i = skipSpace(i);
      } else {
        const keyClose = scanString(i);
        if (keyClose == 0 || stringEscaped) return REFUSED;
        keyEnd = keyClose - 1;
        field = fieldOf(keyStart, keyEnd);
        predictKey(memberIndex, keyStart - 1, keyClose, field);
        i = afterColon(keyClose);
      }
      if (i == 0 || i >= limit) return REFUSED;
      const c = <u32>load<u8>(i);
      if (!containerSeen && (c == OPEN_BRACKET || c == OPEN_BRACE)) {
        containerSeen = true;
        stopKeyStart = keyStart;
        stopKeyEnd = keyEnd;
        stopValueAt = i;
        stopField = field;
        return AT_CONTAINER;
      }
    }
    atValue = false;
    memberIndex++;
    i = member(i, field);
    if (i == 0) return REFUSED;
    // Compact JSON (every event file's) has no space around the comma: looked for only where a byte is not the expected one.
    let c: u32 = i < limit ? <u32>load<u8>(i) : 0;
    if (c != COMMA && c != CLOSE_BRACE) {
      i = skipSpace(i);
      if (i >= limit) return REFUSED;
      c = <u32>load<u8>(i);
    }
    if (c == CLOSE_BRACE) return closed(i + 1);
    if (c != COMMA) return REFUSED;
    i++;
    if (i >= limit || <u32>load<u8>(i) != QUOTE) i = skipSpace(i);
  }
}

function closed(i: usize): i32 {
  return skipSpace(i) == limit ? ACCEPTED : REFUSED;
}

// One member's value at `i`: scanned, and kept when its key names a field read (`field`, else -1). After it, or 0.
function member(i: usize, field: i32): usize {
  const first = <u32>load<u8>(i);
  const valueEnd = first == QUOTE ? scanString(i) : scanValue(i);
  if (valueEnd == 0) return 0;
  valuesEndAt = valueEnd;
  if (field < 0) return valueEnd;
  const kind = kindOf(first);
  const plain = kind == KIND_STRING && !stringEscaped && !stringNonAscii;
  store<u8>(KIND_AT + <usize>field, kind);
  store<u8>(PLAIN_AT + <usize>field, plain ? 1 : 0);
  store<i32>(START_AT + ((<usize>field) << 2), <i32>i + delta);
  store<i32>(END_AT + ((<usize>field) << 2), <i32>valueEnd + delta);
  // A duplicate key's last value is the one read: what an earlier one computed goes.
  store<u8>(COMPUTED_VALID_AT + <usize>field, 0);
  if (plain) compute(field, i + 1, valueEnd - 1);
  return valueEnd;
}

// What the field's plain string [start, end) (window addresses) is asked for.
function compute(field: i32, start: usize, end: usize): void {
  const what = load<u8>(COMPUTE_AT + <usize>field);
  if (what == COMPUTE_HASH) {
    if (end <= start) return; // "": no id
    const hash = hashBytes(start, end);
    store<i32>(COMPUTED_AT + ((<usize>field) << 2), hash);
    const dictionary = <i32>load<i8>(DICTIONARY_OF_AT + <usize>field);
    store<i32>(CODE_AT + ((<usize>field) << 2), dictionary == DICTIONARY_NONE ? -1 : intern(dictionary, start, end, hash));
  } else if (what == COMPUTE_DAY) {
    const day = timestampDay(start, end);
    if (day == NO_DAY) return; // another form: JavaScript reads it
    store<i32>(COMPUTED_AT + ((<usize>field) << 2), day);
  } else return;
  store<u8>(COMPUTED_VALID_AT + <usize>field, 1);
}

function fieldOf(keyStart: usize, keyEnd: usize): i32 {
  if (keyEnd <= keyStart) return -1;
  const length = <u32>(keyEnd - keyStart);
  const key = (<u32>load<u8>(keyStart)) | ((<u32>load<u8>(keyEnd - 1)) << 8) | (length << 16);
  const field = <i32>load<i8>(SLOT_AT + <usize>((key * keyMultiplier) >>> 25));
  if (field < 0 || load<i32>(NAME_LENGTH_AT + ((<usize>field) << 2)) != <i32>length) return -1;
  const name = <usize>load<i32>(NAME_AT + ((<usize>field) << 2));
  return sameBytes(keyStart, name, <usize>length) ? field : -1;
}

function kindOf(c: u32): u8 {
  if (c == QUOTE) return KIND_STRING;
  if (c == OPEN_BRACE) return KIND_OBJECT;
  if (c == OPEN_BRACKET) return KIND_ARRAY;
  if (c == 0x74) return KIND_TRUE;
  if (c == 0x66) return KIND_FALSE;
  if (c == 0x6e) return KIND_NULL;
  return KIND_NUMBER;
}
