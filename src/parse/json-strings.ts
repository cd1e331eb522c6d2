// JSON strings over UTF-8 bytes (RFC 8259): where a string ends, read four bytes at a
// time where no byte needs a look, and whether it has escapes or bytes beyond ASCII.
// The grammar scanners (json-bytes.ts) build on it.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
const NINE = 0x39;

// What a byte inside a string asks of the string scanner: most bytes nothing (PLAIN), so
// its inner loop is one table lookup per byte.
export const PLAIN = 0;
const ENDS = 1; // the closing quote
const ESCAPES = 2; // a backslash
const INVALID = 3; // a control character (must be escaped)
const NON_ASCII = 4;
export const STRING_BYTE = new Uint8Array(256);
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

/** The string scanner, with what the string scanned last held; each scanner owns its state (no allocation per value). */
export class StringScanner {
  /** Whether the string scanned last has escapes, and whether it has bytes beyond ASCII. */
  stringEscaped = false;
  stringNonAscii = false;
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
}
