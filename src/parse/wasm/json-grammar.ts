// AssemblyScript (wasm/event-scanner.ts is the module's entry): the JSON grammar of
// json-bytes.ts and json-tokens.ts over the module's memory, inside strings sixteen bytes
// at a time (SIMD). Every scanner takes the address of a token's first byte and returns
// the address after it, or 0 where the text is not JSON; nothing is read at or past
// `limit` but the slack after the window.

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const COMMA: u32 = 0x2c;
const COLON: u32 = 0x3a;
const OPEN_BRACE: u32 = 0x7b;
const CLOSE_BRACE: u32 = 0x7d;
const OPEN_BRACKET: u32 = 0x5b;
const CLOSE_BRACKET: u32 = 0x5d;
const STACK_AT: usize = 4096;
const STACK_SIZE: i32 = 61440;

/** Where the text being scanned ends. */
export let limit: usize = 0;
/** Whether the string scanned last has escapes, and whether it has bytes beyond ASCII. */
export let stringEscaped = false;
export let stringNonAscii = false;

export function setLimit(end: usize): void {
  limit = end;
}

export function skipSpace(i: usize): usize {
  while (i < limit) {
    const c = <u32>load<u8>(i);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
    i++;
  }
  return i;
}

// After a key's closing quote: past the colon and the space after it, or 0.
export function afterColon(i: usize): usize {
  i = skipSpace(i);
  if (i >= limit || load<u8>(i) != COLON) return 0;
  return skipSpace(i + 1);
}

// The string whose opening quote is at `i`: after its closing quote, or 0. Sets
// stringEscaped and stringNonAscii.
export function scanString(i: usize): usize {
  let escaped = false;
  let nonAscii = false;
  const quotes = i8x16.splat(<i8>QUOTE);
  const backslashes = i8x16.splat(<i8>BACKSLASH);
  const controls = i8x16.splat(0x20);
  i++;
  while (true) {
    // Sixteen bytes at a time while none needs a look (a quote, a backslash, a control
    // character or a byte beyond ASCII, whose high bit the bitmask reads directly).
    while (i + 16 <= limit) {
      const v = v128.load(i);
      const special = v128.or(v128.or(i8x16.eq(v, quotes), i8x16.eq(v, backslashes)), v128.or(i8x16.lt_u(v, controls), v));
      const mask = i8x16.bitmask(special);
      if (mask != 0) {
        i += <usize>ctz(mask);
        break;
      }
      i += 16;
    }
    let c: u32 = 0;
    while (i < limit) {
      c = <u32>load<u8>(i);
      if (c == QUOTE || c == BACKSLASH || c < 0x20 || c >= 0x80) break;
      i++;
    }
    if (i >= limit) return 0;
    if (c == QUOTE) {
      stringEscaped = escaped;
      stringNonAscii = nonAscii;
      return i + 1;
    }
    if (c < 0x20) return 0;
    if (c >= 0x80) {
      nonAscii = true;
      i++;
      continue;
    }
    // A backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits.
    escaped = true;
    i++;
    if (i >= limit) return 0;
    const e = <u32>load<u8>(i);
    if (e == 0x75) {
      if (i + 4 >= limit) return 0;
      for (let h = i + 1; h <= i + 4; h++) if (!isHexDigit(<u32>load<u8>(h))) return 0;
      i += 5;
    } else if (e == QUOTE || e == BACKSLASH || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
      i++;
    } else {
      return 0;
    }
  }
  return 0; // not reached: AssemblyScript does not see that the loop only ends by returning
}

function isHexDigit(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Any value at `i`, containers on the stack: after it, or 0.
export function scanValue(i: usize): usize {
  let depth: i32 = 0;
  while (true) {
    if (i >= limit) return 0;
    const c = <u32>load<u8>(i);
    if (c == OPEN_BRACE || c == OPEN_BRACKET) {
      if (depth == STACK_SIZE) return 0;
      store<u8>(STACK_AT + <usize>depth, c == OPEN_BRACE ? 1 : 2);
      depth++;
      i = skipSpace(i + 1);
      if (i < limit && <u32>load<u8>(i) == (c == OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
      } else {
        if (c == OPEN_BRACE && (i = scanKey(i)) == 0) return 0;
        continue;
      }
    } else if ((i = scanScalar(i, c)) == 0) return 0;
    // A value ended at i: close what it ends, then on to the next one.
    while (true) {
      if (depth == 0) return i;
      i = skipSpace(i);
      if (i >= limit) return 0;
      const inObject = load<u8>(STACK_AT + <usize>(depth - 1)) == 1;
      const d = <u32>load<u8>(i);
      if (d == (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        depth--;
        i++;
        continue;
      }
      if (d != COMMA) return 0;
      i = skipSpace(i + 1);
      if (inObject && (i = scanKey(i)) == 0) return 0;
      break;
    }
  }
}

// A key inside a nested object (any string) and its colon: where its value starts, or 0.
function scanKey(i: usize): usize {
  if (i >= limit || load<u8>(i) != QUOTE) return 0;
  const close = scanString(i);
  return close == 0 ? 0 : afterColon(close);
}

function scanScalar(i: usize, c: u32): usize {
  if (c == QUOTE) return scanString(i);
  if (c == 0x74) return scanWord(i, 0x65757274, 4); // true
  if (c == 0x6e) return scanWord(i, 0x6c6c756e, 4); // null
  if (c == 0x66) return load<u8>(i + 4) == 0x65 && i + 5 <= limit ? scanWord(i, 0x736c6166, 5) : 0; // false
  return scanNumber(i);
}

// A word of 4 bytes (little-endian `word`) at i; `length` 5 for false, whose fifth byte the caller checked.
function scanWord(i: usize, word: u32, length: usize): usize {
  if (i + length > limit) return 0;
  return load<u32>(i) == word ? i + length : 0;
}

function scanDigits(i: usize): usize {
  const start = i;
  while (i < limit) {
    const c = <u32>load<u8>(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i == start ? 0 : i;
}

// -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
function scanNumber(i: usize): usize {
  if (i < limit && load<u8>(i) == 0x2d) i++;
  if (i >= limit) return 0;
  if (load<u8>(i) == 0x30) i++;
  else if ((i = scanDigits(i)) == 0) return 0;
  if (i < limit && load<u8>(i) == 0x2e && (i = scanDigits(i + 1)) == 0) return 0;
  if (i < limit && (load<u8>(i) == 0x65 || load<u8>(i) == 0x45)) {
    i++;
    if (i < limit && (load<u8>(i) == 0x2b || load<u8>(i) == 0x2d)) i++;
    if ((i = scanDigits(i)) == 0) return 0;
  }
  return i;
}
