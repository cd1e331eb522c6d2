// One event line as the byte spans of the fields the engine reads: the line is checked
// to be one JSON object (json-bytes.ts) and nothing else is materialized (the last of
// duplicate keys is the one kept). The values are read from the spans (span-values.ts).

import { grownArray } from "../columnar/shared-arrays.js";
import { MAX_TAIL_BYTES_ONE, MIN_TAIL_BYTES, SeenTails, TAIL_WORDS } from "./seen-tails.js";
import { JsonScanner, skipSpace, type MemberReader } from "./json-bytes.js";
import { WASM_SCAN, WasmEventScanner } from "./wasm-event-scanner.js";
import { JSON_KIND, kindAt } from "./json-tokens.js";
import { SpanValues } from "./span-values.js";
import { FIELD_BY_NAME, FIELD_COUNT, SCANNER_FIELD_KEYS, fieldOfKey } from "./event-fields.js";
import { NEWLINE } from "../model/ndjson.js";

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;

export class EventSpans extends SpanValues implements MemberReader {
  // The spans live in the WebAssembly scanner's memory, which writes them; the JavaScript
  // scanner below writes the same arrays for the lines it leaves to it (and for all of
  // them where there is no WebAssembly scanner: wasm-event-scanner.ts).
  constructor() {
    super(WasmEventScanner.create(SCANNER_FIELD_KEYS));
  }

  /** Where the scanned text starts and ends. */
  private lineStart = 0;
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
    const field = escapedKey ? this.escapedField(keyStart, keyEnd) : fieldOfKey(this.bytes, keyStart, keyEnd);
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

  /**
   * Reads the object on bytes[start, end); false when that is not exactly one JSON object.
   * The WebAssembly scanner reads nearly every line; what it refuses (a key with escapes,
   * very deep nesting, a line that is not JSON or longer than its window) the JavaScript
   * scanner reads again and decides.
   */
  scan(bytes: Buffer, start: number, end: number): boolean {
    this.bytes = bytes;
    this.lineStart = start;
    this.limit = end;
    this.forgetTail();
    const wasm = this.wasm;
    if (wasm !== null) {
      const verdict = wasm.scanLine(bytes, start, end);
      if (verdict === WASM_SCAN.accepted || (verdict === WASM_SCAN.atContainer && this.fromTail(wasm))) return true;
      // Refused: what fromTail may have set is the JavaScript scanner's to find again.
      this.forgetTail();
      this.computedValid.fill(0);
    }
    this.kind.fill(JSON_KIND.absent);
    if (!this.scanner.scanObject(bytes, start, end, this)) return false;
    // A tail read in full for the first time: kept for the next line that ends with it.
    if (this.tailStart >= 0) this.tails.keep(this.tail, this.pending, this.pendingLength, this.valuesEnd - this.tailStart);
    return true;
  }

  /**
   * The WebAssembly scanner stopped at the line's first member whose value is a list or an
   * object, as value() does: a tail seen before is replayed, a new one read and kept.
   * Whether the line is one JSON object.
   */
  private fromTail(wasm: WasmEventScanner): boolean {
    const tailStart = wasm.stopKeyQuote();
    const length = this.limit - tailStart;
    if (length < MIN_TAIL_BYTES || length > MAX_TAIL_BYTES_ONE) return wasm.resume() === WASM_SCAN.accepted;
    const tail = this.tails.find(this.bytes, tailStart, this.limit);
    this.tail = tail;
    this.tailAt = tailStart;
    if (this.tails.known(tail)) {
      // The same bytes to the end of the line: after the tail's values, the object's close.
      const close = skipSpace(this.bytes, this.replayTail(tail, tailStart), this.limit);
      return this.bytes[close] === CLOSE_BRACE && skipSpace(this.bytes, close + 1, this.limit) === this.limit;
    }
    if (wasm.resume() !== WASM_SCAN.accepted) return false;
    // The fields the tail holds (the last of a duplicate key is the one read): replayed alike.
    this.tailStart = tailStart;
    this.pendingLength = 0;
    for (let field = 0; field < FIELD_COUNT; field++) {
      if (this.kind[field] !== JSON_KIND.absent && this.start[field] >= tailStart) {
        this.note(field, this.start[field], this.end[field], this.kind[field] | (this.plainAscii[field] << 8));
      }
    }
    this.tails.keep(tail, this.pending, this.pendingLength, wasm.valuesEnd() - tailStart);
    return true;
  }

  /** No tail looked for yet in this line. */
  private forgetTail(): void {
    this.tailSeen = false;
    this.tail = -1;
    this.tailAt = -1;
    this.tailStart = -1;
  }

  /** The bytes scanned last may change before the next scan (a reused chunk buffer). */
  newText(): void {
    this.wasm?.forgetWindow();
  }

  /** Where the first newline at or after `from` is in bytes (the end of a line), -1 when there is none. */
  lineEnd(bytes: Buffer, from: number): number {
    return this.wasm !== null ? this.wasm.lineEnd(bytes, from) : bytes.indexOf(NEWLINE, from);
  }

  /** The length of the line (or text) scanned last. */
  lineLength(): number {
    return this.limit - this.lineStart;
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
      this.computedValid[field] = 0;
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

  private escapedField(keyStart: number, keyEnd: number): number {
    const key = JSON.parse(this.bytes.toString("utf8", keyStart - 1, keyEnd + 1)) as string;
    return FIELD_BY_NAME.get(key) ?? -1;
  }
}
