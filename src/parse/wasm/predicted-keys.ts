// AssemblyScript (built with event-scanner.ts, which imports it): the keys the scanner
// predicts. The lines of one file name the same keys in the same order, so the scanner
// keeps, per member position of the top object, the bytes `"key":` it read there last
// and the field they name. A member whose first bytes equal them is that key (the bytes
// kept have no backslash, so their closing quote is the key's), compared sixteen bytes at
// a time instead of scanned and looked up; any other is read as before and becomes the
// prediction for its position. test/parse/wasm-event-scanner.test.ts reads runs of lines
// whose keys change at any position, and keys that begin alike.

import { limit } from "./json-grammar";
import { SCRATCH_AT } from "./id-dictionaries";

const COLON: u32 = 0x3a;
/** Member positions predicted: the first 64 of a line. */
const POSITIONS: i32 = 64;
/** The longest `"key":` predicted: two vector loads. */
const KEY_BYTES: usize = 32;
// The last 4 KiB before id-dictionaries.ts's scratch (event-scanner.ts's layout): per
// position the length of its `"key":` bytes (u8, 0 none), the field they name (i8, -1
// none), then the bytes, KEY_BYTES a position.
const LENGTH_AT: usize = SCRATCH_AT - 4096;
const FIELD_AT: usize = LENGTH_AT + <usize>POSITIONS;
const KEY_AT: usize = FIELD_AT + <usize>POSITIONS;

/**
 * The length of the predicted `"key":` of member `position` when the bytes at `quote` (a
 * key's opening quote) begin with it, else 0. Bytes past the line's end may match: then
 * the value would start past the end, and the line is refused as it is when read otherwise.
 */
export function predictedKeyLength(position: i32, quote: usize): usize {
  if (position >= POSITIONS) return 0;
  const length = <usize>load<u8>(LENGTH_AT + <usize>position);
  if (length == 0) return 0;
  const key = KEY_AT + <usize>position * KEY_BYTES;
  let equal = <u32>i8x16.bitmask(i8x16.eq(v128.load(quote), v128.load(key)));
  if (length > 16) equal |= (<u32>i8x16.bitmask(i8x16.eq(v128.load(quote + 16), v128.load(key + 16)))) << 16;
  const wanted = length == 32 ? 0xffffffff : ((<u32>1) << (<u32>length)) - 1;
  return (equal & wanted) == wanted ? length : 0;
}

/** The field the predicted key of member `position` names (-1: none the engine reads). */
export function predictedField(position: i32): i32 {
  return <i32>load<i8>(FIELD_AT + <usize>position);
}

/**
 * Keeps the key whose quotes are at `quote` and `close - 1` (no escapes) as member
 * `position`'s prediction, with its colon when it follows the quote directly; a longer
 * key, or one spaced from its colon, leaves the position unpredicted.
 */
export function predictKey(position: i32, quote: usize, close: usize, field: i32): void {
  if (position >= POSITIONS) return;
  const length = close + 1 - quote;
  const fits = close < limit && load<u8>(close) == COLON && length <= KEY_BYTES;
  store<u8>(LENGTH_AT + <usize>position, fits ? <u8>length : 0);
  if (!fits) return;
  store<i8>(FIELD_AT + <usize>position, <i8>field);
  memory.copy(KEY_AT + <usize>position * KEY_BYTES, quote, length);
}
