// The JSON grammar (RFC 8259) over UTF-8 bytes, without building values: each scanner
// takes the position of a value's first byte and returns the position after it, or -1
// where the text is not JSON. The event kernel reads its few fields this way instead of
// materializing every line as objects and strings (JSON.parse); anything these
// scanners refuse goes back to JSON.parse, so they only need to be right when they accept.

import { grownArray } from "../columnar/shared-arrays.js";
import { FALSE, JSON_KIND, kindAt, NULL, scanNumber, scanWord, TRUE } from "./json-tokens.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;

export function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

// What a byte inside a string asks of the string scanner: most bytes nothing (PLAIN), so
// its inner loop is one table lookup per byte.
const PLAIN = 0;
const ENDS = 1; // the closing quote
const ESCAPES = 2; // a backslash
const INVALID = 3; // a control character (must be escaped)
const NON_ASCII = 4;
const STRING_BYTE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_BYTE[c] = INVALID;
for (let c = 0x80; c < 0x100; c++) STRING_BYTE[c] = NON_ASCII;
STRING_BYTE[QUOTE] = ENDS;
STRING_BYTE[BACKSLASH] = ESCAPES;

// Four bytes at a time (little-endian words, SWAR): the high bit of a byte of the sum is
// set where the byte is non-ASCII, below 0x20, a quote or a backslash (the classic
// "has a byte less than n" and "has a zero byte" tests). When the word has such a byte,
// the lowest one is always flagged: no false "plain", so the byte loop decides.
const ONES = 0x01010101;
const HIGH = 0x80808080 | 0;
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;
const SPACES = 0x20202020;

function plainWord(w: number): boolean {
  const q = w ^ QUOTES;
  const s = w ^ BACKSLASHES;
  return ((w | ((w - SPACES) & ~w) | ((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGH) === 0;
}

function isHexDigit(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
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
export class JsonScanner {
  /** Whether the string scanned last has escapes, and whether it has bytes beyond ASCII. */
  stringEscaped = false;
  stringNonAscii = false;
  // The key scanned last (its bytes inside the quotes) and whether it has escapes.
  private keyStart = 0;
  private keyEnd = 0;
  private keyEscaped = false;
  // The open containers of the value being scanned (no recursion: any depth JSON.parse takes).
  private open: Uint8Array = new Uint8Array(64);
  // The bytes scanned as words (scanString): their buffer's aligned words, and where they start in it.
  private wordSource: Uint8Array | null = null;
  private words: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private wordBase = 0;

  /** `i` at the opening quote. Sets stringEscaped and stringNonAscii. */
  scanString(b: Uint8Array, i: number, end: number): number {
    let escaped = false;
    let nonAscii = false;
    i++;
    if (b !== this.wordSource) this.useWords(b);
    const words = this.words;
    const base = this.wordBase;
    for (;;) {
      let what = PLAIN;
      // A byte at a time up to a word boundary, then four at a time while no byte of
      // the word needs a look, then a byte at a time to the one that does.
      while (i < end && ((base + i) & 3) !== 0 && (what = STRING_BYTE[b[i]]) === PLAIN) i++;
      if (what === PLAIN && i < end) {
        let w = (base + i) >> 2; // i is at a word boundary here
        const wordsEnd = (base + end) >> 2;
        while (w < wordsEnd && plainWord(words[w])) w++;
        i = (w << 2) - base;
        while (i < end && (what = STRING_BYTE[b[i]]) === PLAIN) i++;
      }
      if (i >= end) return -1;
      if (what === ENDS) {
        this.stringEscaped = escaped;
        this.stringNonAscii = nonAscii;
        return i + 1;
      }
      if (what === INVALID) return -1;
      if (what === NON_ASCII) {
        nonAscii = true;
        i++;
        continue;
      }
      // A backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits.
      escaped = true;
      i++;
      if (i >= end) return -1;
      const e = b[i];
      if (e === 0x75) {
        if (i + 4 >= end) return -1;
        for (let h = i + 1; h <= i + 4; h++) if (!isHexDigit(b[h])) return -1;
        i += 5;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i++;
      } else {
        return -1;
      }
    }
  }

  /** Reads `b` four bytes at a time from now on: its whole buffer as aligned 32-bit words. */
  private useWords(b: Uint8Array): void {
    this.wordSource = b;
    this.wordBase = b.byteOffset;
    this.words = new Int32Array(b.buffer, 0, b.buffer.byteLength >> 2);
  }

  /** Any value. */
  scanValue(b: Uint8Array, i: number, end: number): number {
    let depth = 0;
    for (;;) {
      // A value starts at i.
      if (i >= end) return -1;
      const c = b[i];
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === this.open.length) this.open = grownArray(this.open, this.open.length * 2);
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
