// Reading the rows of a raw chunk: NDJSON lines or the hits of an OpenSearch search
// response. Records are read as parsed values (readChunkRows); events as the byte spans
// of their fields (readEventRows), parsed only where the bytes are not plain JSON.

import { isAscii } from "node:buffer";
import { parseDayString } from "../model/day.js";
import { REJECT_REASONS, type RejectReason } from "../model/reject-reasons.js";
import type { RawChunk } from "../model/chunk-types.js";
import { EventSpans } from "./event-spans.js";
import { countLines } from "./file-range.js";
import { JsonScanner, type ElementReader, type MemberReader } from "./json-bytes.js";
import { keyIs } from "./json-tokens.js";
import { NEWLINE } from "../model/ndjson.js";

export interface RowVisitor {
  /** A row that parsed as JSON: where it is (line number or document id) and its text for rejects. True stops. */
  row(value: unknown, where: number | string, source: string, text: () => string): boolean;
  /** A line that is not JSON. True stops. */
  invalid(where: number, text: string): boolean;
}

/** Lines a pass may skip unread (bytes of one line, without its newline). */
export type LineFilter = (bytes: Buffer, start: number, end: number) => boolean;

interface SearchResponse {
  hits?: { hits?: { _index: string; _id: string; _source: unknown }[] };
}

const CARRIAGE_RETURN = 13;
const LEFT_BRACE = 123;
const LEFT_BRACKET = 91;
const QUOTE = 34;
// The keys of a search response the hit reader looks for.
const HITS_KEY = Buffer.from("hits");
const INDEX_KEY = Buffer.from("_index");
const ID_KEY = Buffer.from("_id");
const SOURCE_KEY = Buffer.from("_source");
/** Nothing but JSON whitespace. */
const BLANK = /^[ \t\r\n]*$/;

export function readChunkRows(raw: RawChunk, visitor: RowVisitor, skip?: LineFilter): void {
  const bytes = chunkBuffer(raw);
  if (raw.format === "search-hits") {
    const response = JSON.parse(bytes.toString("utf8")) as SearchResponse;
    for (const hit of response.hits?.hits ?? []) {
      if (visitor.row(hit._source, hit._id, hit._index, () => JSON.stringify(hit._source))) return;
    }
    return;
  }
  forEachLine(raw, bytes, skip, (lineStart, lineEnd, lineNumber) => {
    const line = decodeLine(bytes, lineStart, lineEnd);
    const parsed = parseLine(line);
    if (parsed === BLANK_LINE) return false;
    if (parsed === NOT_JSON) return visitor.invalid(lineNumber, line);
    return visitor.row(parsed, lineNumber, raw.source, () => line);
  });
}

export interface EventRowVisitor {
  /** A row that is one JSON object, as the spans of its fields. True stops. */
  event(spans: EventSpans, where: number | string, source: string, text: RowText): boolean;
  /** A row that is not an event: not JSON (`invalidJson`), or JSON but not an object. True stops. */
  reject(where: number | string, source: string, reason: RejectReason, text: string): boolean;
}

/** A row's text, for a reject: decoded only when asked for (one reused object, no closure per row). */
export class RowText {
  private bytes: Buffer | undefined;
  private start = 0;
  private end = 0;
  private text = "";

  ofLine(bytes: Buffer, start: number, end: number): this {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    return this;
  }

  of(text: string): this {
    this.bytes = undefined;
    this.text = text;
    return this;
  }

  value(): string {
    return this.bytes === undefined ? this.text : decodeLine(this.bytes, this.start, this.end);
  }
}

// Reused by every chunk this thread reads (a chunk is read start to finish in one call);
// made on first use, so that a broken build (no WebAssembly scanner) fails a run with its
// one-line error rather than the loading of the program.
let reusedSpans: EventSpans | undefined;
/** This thread's EventSpans (and so its id dictionaries: chunk-columns.ts). */
export const eventSpans = (): EventSpans => (reusedSpans ??= new EventSpans());
const rowText = new RowText();

/**
 * The events of a chunk. A line the byte scanner takes (plain JSON objects: nearly all)
 * is never parsed; any other goes through JSON.parse, which decides whether it is JSON at
 * all, and an object among them is read again from its normalized text.
 */
export function readEventRows(raw: RawChunk, visitor: EventRowVisitor, skip?: LineFilter): number {
  const bytes = chunkBuffer(raw);
  if (raw.format === "search-hits") {
    readHits(bytes, visitor);
    return raw.lineCount;
  }
  const lineSpans = eventSpans();
  lineSpans.newText();
  const newlineFrom = (from: number) => lineSpans.lineEnd(bytes, from);
  return forEachLine(
    raw,
    bytes,
    skip,
    (lineStart, lineEnd, lineNumber) => {
      if (lineSpans.scan(bytes, lineStart, lineEnd)) {
        return visitor.event(lineSpans, lineNumber, raw.source, rowText.ofLine(bytes, lineStart, lineEnd));
      }
      const line = decodeLine(bytes, lineStart, lineEnd);
      const parsed = parseLine(line);
      if (parsed === BLANK_LINE) return false;
      if (parsed === NOT_JSON) return visitor.reject(lineNumber, raw.source, REJECT_REASONS.invalidJson, line);
      return readParsedEvent(parsed, visitor, lineNumber, raw.source, line);
    },
    newlineFrom,
  );
}

/** A parsed row: an object is scanned from its normalized text (JSON.stringify's), anything else rejected. */
function readParsedEvent(value: unknown, visitor: EventRowVisitor, where: number | string, source: string, text: string): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return visitor.reject(where, source, REJECT_REASONS.notAnObject, text);
  const normalized = Buffer.from(JSON.stringify(value), "utf8");
  const lineSpans = eventSpans();
  if (!lineSpans.scan(normalized, 0, normalized.length)) throw new Error(`internal: the scanner refused JSON.stringify output: ${text.slice(0, 200)}`);
  return visitor.event(lineSpans, where, source, rowText.of(text));
}

/**
 * The hits of a search response, read from its bytes in one pass: each hit with string
 * `_index` and `_id` and an object `_source` (every hit OpenSearch sends) is read as an
 * event line; any other hit goes through JSON.parse. A response without `hits.hits` has
 * no events; one that is not JSON is an error (it came from the cluster, not the user).
 */
function readHits(bytes: Buffer, visitor: EventRowVisitor): void {
  const end = bytes.length;
  const lineSpans = eventSpans();
  lineSpans.newText();
  // One scanner for the nested readers below: each reads the key it is given before
  // calling into the next, and only scanValue uses the container stack.
  const json = new JsonScanner();
  let stopped = false;
  let hitsSeen = 0;
  let listsSeen = 0;
  // An escaped key might be one of these three: then JSON.parse decides (`escaped`).
  const hit = { index: -1, indexEnd: -1, id: -1, idEnd: -1, source: -1, sourceEnd: -1, escaped: false };
  const isString = (at: number) => at >= 0 && bytes[at] === QUOTE;
  const stringAt = (from: number, to: number) => JSON.parse(bytes.toString("utf8", from, to)) as string;
  const hitMembers: MemberReader = {
    value(keyStart, keyEnd, escapedKey, valueStart) {
      const valueEnd = json.scanValue(bytes, valueStart, end);
      if (escapedKey) hit.escaped = true;
      else if (keyIs(bytes, keyStart, keyEnd, INDEX_KEY)) {
        hit.index = valueStart;
        hit.indexEnd = valueEnd;
      } else if (keyIs(bytes, keyStart, keyEnd, ID_KEY)) {
        hit.id = valueStart;
        hit.idEnd = valueEnd;
      } else if (keyIs(bytes, keyStart, keyEnd, SOURCE_KEY)) {
        hit.source = valueStart;
        hit.sourceEnd = valueEnd;
      }
      return valueEnd;
    },
  };
  const hitElements: ElementReader = {
    element(start) {
      if (stopped) return json.scanValue(bytes, start, end);
      hit.index = hit.id = hit.source = -1;
      hit.escaped = false;
      const after = bytes[start] === LEFT_BRACE ? json.scanMembers(bytes, start, end, hitMembers) : json.scanValue(bytes, start, end);
      if (after < 0) return -1;
      if (bytes[start] === LEFT_BRACE && !hit.escaped && isString(hit.index) && isString(hit.id) && hit.source >= 0 && bytes[hit.source] === LEFT_BRACE) {
        if (!lineSpans.scan(bytes, hit.source, hit.sourceEnd)) throw new Error("internal: a hit's _source was scanned as an object, then refused");
        stopped = visitor.event(lineSpans, stringAt(hit.id, hit.idEnd), stringAt(hit.index, hit.indexEnd), rowText.ofLine(bytes, hit.source, hit.sourceEnd));
      } else {
        const parsed = JSON.parse(bytes.toString("utf8", start, after)) as { _source?: unknown; _id?: string; _index?: string } | null;
        stopped = readParsedEvent(parsed?._source, visitor, String(parsed?._id), String(parsed?._index), JSON.stringify(parsed?._source));
      }
      return after;
    },
  };
  const hitsMembers: MemberReader = {
    value(keyStart, keyEnd, escapedKey, valueStart) {
      if (escapedKey || !keyIs(bytes, keyStart, keyEnd, HITS_KEY) || bytes[valueStart] !== LEFT_BRACKET) return json.scanValue(bytes, valueStart, end);
      if (listsSeen++ > 0) throw new Error("internal: a search response with two hits.hits lists");
      return json.scanElements(bytes, valueStart, end, hitElements);
    },
  };
  const responseMembers: MemberReader = {
    value(keyStart, keyEnd, escapedKey, valueStart) {
      if (escapedKey || !keyIs(bytes, keyStart, keyEnd, HITS_KEY) || bytes[valueStart] !== LEFT_BRACE) return json.scanValue(bytes, valueStart, end);
      if (hitsSeen++ > 0) throw new Error("internal: a search response with two hits objects");
      return json.scanMembers(bytes, valueStart, end, hitsMembers);
    },
  };
  if (!json.scanObject(bytes, 0, end, responseMembers) && !stopped) throw new Error("a search response that is not one JSON object");
}

function chunkBuffer(raw: RawChunk): Buffer {
  return Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength);
}

/**
 * Calls `visit` with each line's bytes (without its newline or a final CR) and number;
 * true stops. `newlineFrom`: where the next newline is (-1: none), for event lines the
 * WebAssembly scanner's search. Returns the lines the bytes hold (those after a stop
 * counted too): what a chunk read from a file range reports as its line count.
 */
function forEachLine(
  raw: RawChunk,
  bytes: Buffer,
  skip: LineFilter | undefined,
  visit: (start: number, end: number, lineNumber: number) => boolean,
  newlineFrom = (from: number) => bytes.indexOf(NEWLINE, from),
): number {
  let lines = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = newlineFrom(start);
    if (end === -1) end = bytes.length;
    lines++;
    const lineEnd = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    const lineStart = start;
    start = end + 1;
    if (skip !== undefined && skip(bytes, lineStart, lineEnd)) continue;
    if (visit(lineStart, lineEnd, raw.firstLine - 1 + lines)) return lines + countLines(bytes.subarray(Math.min(start, bytes.length)));
  }
  return lines;
}

const BLANK_LINE = Symbol("blank line");
const NOT_JSON = Symbol("not JSON");
/** A line as JSON.parse reads it: its value, BLANK_LINE (no input) or NOT_JSON. */
function parseLine(line: string): unknown {
  if (line.charCodeAt(0) !== LEFT_BRACE && BLANK.test(line)) return BLANK_LINE;
  try {
    return JSON.parse(line);
  } catch {
    return NOT_JSON;
  }
}

/**
 * One line as a string. Decoding line by line lets the (usual) all-ASCII lines become
 * one-byte strings, which decode and parse faster than a chunk-wide UTF-16 string.
 */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const line = bytes.subarray(start, end);
  return line.toString(isAscii(line) ? "latin1" : "utf8");
}

const TIMESTAMP_KEY = Buffer.from('"timestamp":"');

/**
 * For a pass that only wants some days: skips a line whose plain
 * `"timestamp":"YYYY-MM-DD` is more than a day (a zone can move it one) outside them,
 * without decoding or parsing it. Anything unusual (no such text, spaces, the key twice)
 * is parsed as usual, so this never drops a wanted event.
 */
export function outsideDays(startDay: number | null, endDay: number | null): LineFilter {
  return (bytes, start, end) => {
    // Searched within the line: Buffer.indexOf has no end, and from `start` in the chunk a
    // line without the key (`"timestamp": "` with a space, as Python's json.dumps writes
    // it) sent the search through the rest of the chunk, for every such line.
    const line = bytes.subarray(start, end);
    const at = line.indexOf(TIMESTAMP_KEY);
    if (at === -1 || at + TIMESTAMP_KEY.length + 10 > line.length) return false;
    if (line.indexOf(TIMESTAMP_KEY, at + 1) !== -1) return false;
    const day = parseDayString(line.toString("latin1", at + TIMESTAMP_KEY.length, at + TIMESTAMP_KEY.length + 10));
    if (Number.isNaN(day)) return false;
    return (startDay !== null && day < startDay - 1) || (endDay !== null && day > endDay + 1);
  };
}
