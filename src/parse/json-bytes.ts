// The JSON grammar (RFC 8259) over UTF-8 bytes, without building values: each scanner
// takes the position of a value's first byte and returns the position after it, or -1
// where the text is not JSON. The event kernel reads its few fields this way instead of
// materializing every line as objects and strings (JSON.parse); anything these
// scanners refuse goes back to JSON.parse, so they only need to be right when they accept.

import { PLAIN, STRING_BYTE, StringScanner } from "./json-strings.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** What a value is, from its first byte. */
export const JSON_KIND = { absent: 0, string: 1, number: 2, true: 3, false: 4, null: 5, object: 6, array: 7 } as const;
export type JsonKind = (typeof JSON_KIND)[keyof typeof JSON_KIND];

export function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

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

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function scanWord(b: Uint8Array, i: number, end: number, word: readonly number[]): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

function grownStack(stack: Uint8Array): Uint8Array {
  const next = new Uint8Array(stack.length * 2);
  next.set(stack);
  return next;
}

/** Whether the key bytes[start, end) (inside its quotes, no escapes) is `name` (its UTF-8 bytes). */
export function keyIs(b: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
  return true;
}

/** Reads an object's members: gets each key (inside its quotes) and where its value starts, scans the value itself. */
export interface MemberReader {
  /** Returns the position after the value, or -1 where it is not JSON. */
  value(keyStart: number, keyEnd: number, escapedKey: boolean, valueStart: number): number;
}

/** Reads an array's elements: scans each one itself, from where it starts. */
export interface ElementReader {
  /** Returns the position after the element, or -1 where it is not JSON. */
  element(valueStart: number): number;
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * The scanners that keep state between calls: what the string just scanned held, the key
 * just scanned, and the stack of open containers. Each reader owns one (no state shared
 * between readers, no allocation per value).
 */
export class JsonScanner extends StringScanner {
  // The key scanned last (its bytes inside the quotes) and whether it has escapes.
  private keyStart = 0;
  private keyEnd = 0;
  private keyEscaped = false;
  // The open containers of the value being scanned (no recursion: any depth JSON.parse takes).
  private open: Uint8Array = new Uint8Array(64);

  /** Any value. */
  scanValue(b: Uint8Array, i: number, end: number): number {
    let depth = 0;
    for (;;) {
      // A value starts at i.
      if (i >= end) return -1;
      const c = b[i];
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === this.open.length) this.open = grownStack(this.open);
        this.open[depth++] = c === OPEN_BRACE ? OBJECT : ARRAY;
        i = skipSpace(b, i + 1, end);
        if (i < end && b[i] === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
        } else {
          if (c === OPEN_BRACE && (i = this.scanKey(b, i, end)) < 0) return -1;
          continue;
        }
      } else if ((i = this.scanScalar(b, i, end)) < 0) return -1;
      // A value ended at i: close what it ends, then on to the next one.
      for (;;) {
        if (depth === 0) return i;
        i = skipSpace(b, i, end);
        if (i >= end) return -1;
        const inObject = this.open[depth - 1] === OBJECT;
        if (b[i] === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          depth--;
          i++;
          continue;
        }
        if (b[i] !== COMMA) return -1;
        i = skipSpace(b, i + 1, end);
        if (inObject && (i = this.scanKey(b, i, end)) < 0) return -1;
        break;
      }
    }
  }

  /** The object that starts at `i` (`{`), member by member. Position after it, or -1. */
  scanMembers(b: Uint8Array, i: number, end: number, reader: MemberReader): number {
    return this.scanItems(b, i, end, reader, null);
  }

  /** Whether bytes[start, end) is exactly one object (whitespace around it allowed), read by `reader`. */
  scanObject(b: Uint8Array, start: number, end: number, reader: MemberReader): boolean {
    const i = skipSpace(b, start, end);
    if (i >= end || b[i] !== OPEN_BRACE) return false;
    const after = this.scanMembers(b, i, end, reader);
    return after >= 0 && skipSpace(b, after, end) === end;
  }

  /** The array that starts at `i` (`[`), element by element. Position after it, or -1. */
  scanElements(b: Uint8Array, i: number, end: number, reader: ElementReader): number {
    return this.scanItems(b, i, end, null, reader);
  }

  /** `"key" :` and the space after it: where the member's value starts. Sets the key fields. */
  private scanKey(b: Uint8Array, i: number, end: number): number {
    if (i >= end || b[i] !== QUOTE) return -1;
    const keyStart = i + 1;
    // Keys are short and plain: a byte at a time to the closing quote, here (no call); a
    // key with anything else in it goes through the string scanner.
    let k = keyStart;
    while (k < end && STRING_BYTE[b[k]] === PLAIN) k++;
    if (k < end && b[k] === QUOTE) {
      this.keyEscaped = false;
      i = k + 1;
    } else {
      if ((i = this.scanString(b, i, end)) < 0) return -1;
      this.keyEscaped = this.stringEscaped;
    }
    this.keyStart = keyStart;
    this.keyEnd = i - 1;
    if (i < end && b[i] === COLON) i++;
    else {
      i = skipSpace(b, i, end);
      if (i >= end || b[i] !== COLON) return -1;
      i++;
    }
    return i < end && b[i] > 0x20 ? i : skipSpace(b, i, end);
  }

  private scanScalar(b: Uint8Array, i: number, end: number): number {
    switch (kindAt(b, i)) {
      case JSON_KIND.string:
        return this.scanString(b, i, end);
      case JSON_KIND.true:
        return scanWord(b, i, end, TRUE);
      case JSON_KIND.false:
        return scanWord(b, i, end, FALSE);
      case JSON_KIND.null:
        return scanWord(b, i, end, NULL);
      default:
        return scanNumber(b, i, end);
    }
  }

  /** An object's members (with `members`) or an array's elements (with `elements`): the list between the brackets. */
  private scanItems(b: Uint8Array, i: number, end: number, members: MemberReader | null, elements: ElementReader | null): number {
    const close = members !== null ? CLOSE_BRACE : CLOSE_BRACKET;
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === close) return i + 1;
    for (;;) {
      if (members !== null) {
        if ((i = this.scanKey(b, i, end)) < 0) return -1;
        i = members.value(this.keyStart, this.keyEnd, this.keyEscaped, i);
      } else if (elements !== null) i = elements.element(i);
      if (i < 0) return -1;
      i = skipSpace(b, i, end);
      if (i >= end) return -1;
      if (b[i] === close) return i + 1;
      if (b[i] !== COMMA) return -1;
      i = skipSpace(b, i + 1, end);
    }
  }
}
