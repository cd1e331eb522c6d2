// The JSON grammar's scalar tokens over UTF-8 bytes (RFC 8259): what a value is from its
// first byte, numbers, true/false/null, and key comparison (json-bytes.ts scans strings
// and containers). Each scanner returns the position after its token, or -1 where the
// text is not JSON.

const QUOTE = 0x22;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** What a value is, from its first byte. */
export const JSON_KIND = { absent: 0, string: 1, number: 2, true: 3, false: 4, null: 5, object: 6, array: 7 } as const;
export type JsonKind = (typeof JSON_KIND)[keyof typeof JSON_KIND];

export function kindAt(b: Uint8Array, i: number): JsonKind {
  switch (b[i]) {
    case QUOTE:
      return JSON_KIND.string;
    case OPEN_BRACE:
      return JSON_KIND.object;
    case OPEN_BRACKET:
      return JSON_KIND.array;
    case 0x74:
      return JSON_KIND.true; // t
    case 0x66:
      return JSON_KIND.false; // f
    case 0x6e:
      return JSON_KIND.null; // n
    default:
      return JSON_KIND.number; // or nothing valid: scanNumber decides
  }
}

function scanDigits(b: Uint8Array, i: number, end: number): number {
  const start = i;
  while (i < end && b[i] >= ZERO && b[i] <= NINE) i++;
  return i === start ? -1 : i;
}

/** -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? */
export function scanNumber(b: Uint8Array, i: number, end: number): number {
  if (i < end && b[i] === MINUS) i++;
  if (i >= end) return -1;
  if (b[i] === ZERO) i++;
  else if ((i = scanDigits(b, i, end)) < 0) return -1;
  if (i < end && b[i] === DOT && (i = scanDigits(b, i + 1, end)) < 0) return -1;
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < end && (b[i] === PLUS || b[i] === MINUS)) i++;
    if ((i = scanDigits(b, i, end)) < 0) return -1;
  }
  return i;
}

export const TRUE = [0x74, 0x72, 0x75, 0x65];
export const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
export const NULL = [0x6e, 0x75, 0x6c, 0x6c];

export function scanWord(b: Uint8Array, i: number, end: number, word: readonly number[]): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

/** Whether the key bytes[start, end) (inside its quotes, no escapes) is `name` (its UTF-8 bytes). */
export function keyIs(b: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
  return true;
}
