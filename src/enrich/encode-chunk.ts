// The enrich stage's kernel (run by workers, and in process by the memory backend): a
// chunk of raw NDJSON lines -> validated, filtered, enriched events as an encoded chunk
// (shared columns), plus the chunk's own dictionaries, label votes, rejects and counts.

import { isAscii } from "node:buffer";
import { ChunkDictionary } from "../columnar/dictionaries.js";
import { EVENT_TYPE, MISSING, type EncodedChunkBuffers, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { Int32ColumnBuilder, sharedFloat64, sharedInt32, sharedUint8 } from "../columnar/shared-arrays.js";
import { parseDayString } from "../model/day.js";
import { facetIdText, labelPairText } from "../model/facet-text.js";
import { REJECT_REASONS } from "../model/reject-reasons.js";
import { GLOBAL_COMMUNITY, KEY_INDEX, SUBCOUNT_KEYS, SUBCOUNT_KEY_COUNT } from "../model/subcount-keys.js";
import { fileExtension, readEventFacet } from "./facet-values.js";
import { forEachTimelineMember, hasTimeline, type RecordIndex } from "./record-index.js";
import { idText, validateEvent, type EventFields } from "./validate-event.js";

export interface EncodeConfig {
  /** Inclusive day range; null bounds keep every valid event (the range is derived later). */
  startDay: number | null;
  endDay: number | null;
  /**
   * Counted events with a day in [keepStartDay, keepEndDay] are written to the columns
   * (null: no bound). A day window of the windowed mode keeps its own days only; the
   * scan pass keeps none (start > end).
   */
  keepStartDay: number | null;
  keepEndDay: number | null;
  /**
   * Whether this pass accounts for the input: counts, rejects, label votes, community
   * ids, first/last day, events per day. Exactly one pass over the input tallies.
   */
  tally: boolean;
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
  /** `--on-invalid fail`: stop at the first rejected line. */
  stopAtFirstInvalid: boolean;
}

export interface RawChunk {
  sequence: number;
  /**
   * `ndjson`: one event per line, numbered from `firstLine`.
   * `search-hits`: an OpenSearch search response body; events are `hits.hits[]._source`,
   * named by `_index` and `_id` in rejects.
   */
  format: "ndjson" | "search-hits";
  /** File name (or index) the rows come from, for rejects and messages. */
  source: string;
  fileType: EventTypeCode;
  /** Line number of the first line in the chunk (1-based). */
  firstLine: number;
  lineCount: number;
  bytes: Uint8Array;
}

export interface ChunkCounts {
  readViews: number;
  readDownloads: number;
  rejected: number;
  outsideRange: number;
  droppedRobot: number;
  droppedMachine: number;
  droppedApi: number;
  unknownRecord: number;
  counted: number;
}

export interface RejectedLine {
  source: string;
  /** Line number in a file, or document id in an index. */
  line: number | string;
  reason: string;
  raw: string;
}

/** Strings behind the chunk-local (negative) codes of each dictionary-encoded column. */
export interface ChunkDictionaryStrings {
  visitor: string[];
  record: string[];
  parent: string[];
  file: string[];
  community: string[];
  facetId: string[];
  labelPair: string[];
}

export interface EncodedChunk {
  sequence: number;
  buffers: EncodedChunkBuffers;
  dictionaries: ChunkDictionaryStrings;
  /** Label votes: label pair code (run-wide or chunk-local) and its number of votes. */
  voteCodes: Int32Array;
  voteCounts: Int32Array;
  rejects: RejectedLine[];
  counts: ChunkCounts;
  /** First and last day of any valid event (NaN when none). */
  minDay: number;
  maxDay: number;
  /** Counted events per day (tallying passes only): parallel arrays. */
  countDays: Int32Array;
  countEvents: Int32Array;
}

export function emptyCounts(): ChunkCounts {
  return { readViews: 0, readDownloads: 0, rejected: 0, outsideRange: 0, droppedRobot: 0, droppedMachine: 0, droppedApi: 0, unknownRecord: 0, counted: 0 };
}

export function encodeChunk(raw: RawChunk, index: RecordIndex, config: EncodeConfig): EncodedChunk {
  const encoder = new ChunkEncoder(raw, index, config);
  encoder.run();
  return encoder.result();
}

class ChunkEncoder {
  private readonly day: Int32Array;
  private readonly type: Uint8Array;
  private readonly size: Float64Array;
  private readonly visitor: Int32Array;
  private readonly record: Int32Array;
  private readonly parent: Int32Array;
  private readonly file: Int32Array;
  private readonly communityOffsets: Int32Array;
  private readonly communities: Int32ColumnBuilder;
  private readonly facetOffsets: Int32Array;
  private readonly facets: Int32ColumnBuilder;
  private length = 0;

  private readonly visitors = new ChunkDictionary();
  private readonly files = new ChunkDictionary();
  private readonly records: ChunkDictionary;
  private readonly parents: ChunkDictionary;
  private readonly communityIds: ChunkDictionary;
  private readonly facetIds: ChunkDictionary;
  private readonly labelPairs: ChunkDictionary;
  private readonly votes = new Map<number, number>();
  private readonly facetCache = SUBCOUNT_KEYS.map(() => new Map<string, number>());
  private readonly labelCache = new Map<number, Map<string, number>>();
  private readonly rejects: RejectedLine[] = [];
  private readonly eventsPerDay = new Map<number, number>();
  private readonly counts = emptyCounts();
  private minDay = NaN;
  private maxDay = NaN;

  // Per event: where the current key's facet values start (for per-key deduplication).
  private keyStart = 0;
  private currentKey = 0;

  constructor(
    private readonly raw: RawChunk,
    private readonly index: RecordIndex,
    private readonly config: EncodeConfig,
  ) {
    const n = raw.lineCount;
    this.day = sharedInt32(n);
    this.type = sharedUint8(n);
    this.size = sharedFloat64(n);
    this.visitor = sharedInt32(n);
    this.record = sharedInt32(n);
    this.parent = sharedInt32(n);
    this.file = sharedInt32(n);
    this.communityOffsets = sharedInt32(n + 1);
    this.facetOffsets = sharedInt32(n + 1);
    this.communities = new Int32ColumnBuilder(n * 2);
    this.facets = new Int32ColumnBuilder(n * 12);
    this.records = new ChunkDictionary(index.recordCodes);
    this.parents = new ChunkDictionary(index.parentCodes);
    this.communityIds = new ChunkDictionary(index.communityCodes);
    this.facetIds = new ChunkDictionary(index.facetIdCodes);
    this.labelPairs = new ChunkDictionary(index.labelPairCodes);
  }

  run(): void {
    if (this.raw.format === "search-hits") this.runSearchHits();
    else this.runNdjson();
  }

  private runSearchHits(): void {
    const { bytes, fileType } = this.raw;
    const response = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as SearchResponse;
    for (const hit of response.hits?.hits ?? []) {
      if (fileType === EVENT_TYPE.view) this.counts.readViews++;
      else this.counts.readDownloads++;
      const event = validateEvent(hit._source, fileType);
      if (typeof event === "string") {
        if (this.reject(hit._id, event, JSON.stringify(hit._source), hit._index)) return;
        continue;
      }
      this.accept(event.fields, event.type, event.day, event.recid, event.size);
    }
  }

  private runNdjson(): void {
    const { bytes: shared, fileType, firstLine } = this.raw;
    const bytes = Buffer.from(shared.buffer, shared.byteOffset, shared.byteLength);
    let lineNumber = firstLine - 1;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1) end = bytes.length;
      lineNumber++;
      const lineEnd = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
      const lineStart = start;
      start = end + 1;
      if (!this.config.tally && this.clearlyOutsideKeptDays(bytes, lineStart, lineEnd)) continue;
      const line = decodeLine(bytes, lineStart, lineEnd);
      if (line.charCodeAt(0) !== 123 /* { */ && BLANK.test(line)) continue; // blank lines hold no input
      if (fileType === EVENT_TYPE.view) this.counts.readViews++;
      else this.counts.readDownloads++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        if (this.reject(lineNumber, REJECT_REASONS.invalidJson, line)) return;
        continue;
      }
      const event = validateEvent(value, fileType);
      if (typeof event === "string") {
        if (this.reject(lineNumber, event, line)) return;
        continue;
      }
      this.accept(event.fields, event.type, event.day, event.recid, event.size);
    }
  }

  /** Records a rejected line; true when the run must stop here. */
  private reject(line: number | string, reason: string, raw: string, source = this.raw.source): boolean {
    if (!this.config.tally) return false; // the tallying pass has reported it
    this.counts.rejected++;
    this.rejects.push({ source, line, reason, raw });
    return this.config.stopAtFirstInvalid;
  }

  /**
   * A pass that does not tally only wants its kept days: a line whose plain
   * `"timestamp":"YYYY-MM-DD` is more than a day (a zone can move it one) outside them is
   * skipped without decoding or parsing. Anything unusual (no such text, spaces, the key
   * twice) is parsed as usual, so this never drops a kept event.
   */
  private clearlyOutsideKeptDays(bytes: Buffer, start: number, end: number): boolean {
    const at = bytes.indexOf(TIMESTAMP_KEY, start);
    if (at === -1 || at + TIMESTAMP_KEY.length + 10 > end) return false;
    const again = bytes.indexOf(TIMESTAMP_KEY, at + 1);
    if (again !== -1 && again < end) return false;
    const day = parseDayString(bytes.toString("latin1", at + TIMESTAMP_KEY.length, at + TIMESTAMP_KEY.length + 10));
    if (Number.isNaN(day)) return false;
    const { keepStartDay, keepEndDay } = this.config;
    return (keepStartDay !== null && day < keepStartDay - 1) || (keepEndDay !== null && day > keepEndDay + 1);
  }

  private accept(fields: EventFields, type: EventTypeCode, day: number, recid: string, size: number): void {
    const { tally } = this.config;
    const ownCommunities = communityIdList(fields.community_ids);
    if (tally) {
      if (Number.isNaN(this.minDay) || day < this.minDay) this.minDay = day;
      if (Number.isNaN(this.maxDay) || day > this.maxDay) this.maxDay = day;
      // Every valid event names its communities, whatever its date or flags: they make
      // the default community list.
      if (ownCommunities !== undefined) for (const id of ownCommunities) if (id !== GLOBAL_COMMUNITY) this.communityIds.encode(id);
    }
    const { startDay, endDay } = this.config;
    if ((startDay !== null && day < startDay) || (endDay !== null && day > endDay)) {
      if (tally) this.counts.outsideRange++;
      return;
    }
    if (fields.is_robot === true && !this.config.includeRobots) { if (tally) this.counts.droppedRobot++; return; }
    if (fields.is_machine === true && this.config.excludeMachines) { if (tally) this.counts.droppedMachine++; return; }
    if (fields.via_api === true && this.config.excludeApi) { if (tally) this.counts.droppedApi++; return; }
    const known = this.index.recordCodes.get(recid);
    if (tally) {
      this.counts.counted++;
      if (known === undefined) this.counts.unknownRecord++;
      this.eventsPerDay.set(day, (this.eventsPerDay.get(day) ?? 0) + 1);
    }
    const { keepStartDay, keepEndDay } = this.config;
    const keep = (keepStartDay === null || day >= keepStartDay) && (keepEndDay === null || day <= keepEndDay);
    if (!keep) {
      // Not this pass's days: only the label votes, if this pass tallies.
      if (tally) {
        const mark = this.facets.length;
        for (let k = 0; k < SUBCOUNT_KEY_COUNT; k++) this.pushFacets(k, fields, type, known);
        this.facets.length = mark;
      }
      return;
    }

    const i = this.length++;
    this.day[i] = day;
    this.type[i] = type;
    this.size[i] = size;
    const visitor = idText(fields.visitor_id);
    this.visitor[i] = visitor === undefined ? MISSING : this.visitors.encode(visitor);
    this.record[i] = known ?? this.records.encode(recid);
    const parentId = idText(fields.parent_recid) ?? idText(fields.parent_id);
    this.parent[i] = parentId !== undefined ? this.parents.encode(parentId) : known !== undefined ? this.index.buffers.recordParent[known] : MISSING;
    const fileId = type === EVENT_TYPE.download ? idText(fields.file_id) : undefined;
    this.file[i] = fileId === undefined ? MISSING : this.files.encode(fileId);

    this.communityOffsets[i] = this.communities.length;
    if (ownCommunities !== undefined) {
      const first = this.communities.length;
      for (const id of ownCommunities) {
        if (id === GLOBAL_COMMUNITY) continue; // every event counts in global anyway
        const code = this.communityIds.encode(id);
        if (!this.communities.includesSince(first, code)) this.communities.push(code);
      }
    } else if (known !== undefined) this.pushRecordCommunities(known, day);

    this.facetOffsets[i] = this.facets.length;
    for (let k = 0; k < SUBCOUNT_KEY_COUNT; k++) this.pushFacets(k, fields, type, known);
  }

  // SPEC 1.3 precedence after the event's own list: the timeline, else current communities.
  private pushRecordCommunities(record: number, day: number): void {
    const b = this.index.buffers;
    if (hasTimeline(b, record)) {
      forEachTimelineMember(b, record, day, (community) => this.communities.push(community));
      return;
    }
    for (let j = b.communityOffsets[record]; j < b.communityOffsets[record + 1]; j++) this.communities.push(b.communityValues[j]);
  }

  // A key present on the event replaces the record's values for that key.
  private pushFacets(k: number, fields: EventFields, type: EventTypeCode, record: number | undefined): void {
    this.keyStart = this.facets.length;
    this.currentKey = k;
    const raw = fields[SUBCOUNT_KEYS[k].eventField];
    if (raw !== undefined && raw !== null) {
      readEventFacet(k, raw, this.pushEventValue);
      return;
    }
    if (k === KEY_INDEX.fileTypes && type === EVENT_TYPE.download) {
      const ext = typeof fields.file_key === "string" ? fileExtension(fields.file_key) : undefined;
      if (ext !== undefined) this.facets.push(this.facetIds.encode(facetIdText(k, ext)));
      return;
    }
    if (record === undefined) return;
    const b = this.index.buffers;
    const slot = record * SUBCOUNT_KEY_COUNT + k;
    for (let j = b.facetOffsets[slot]; j < b.facetOffsets[slot + 1]; j++) {
      this.facets.push(b.facetValues[j]);
      if (b.facetLabels[j] >= 0) this.vote(b.facetLabels[j]);
    }
  }

  private readonly pushEventValue = (id: string, labelJson: string | undefined): void => {
    // Per-key caches spare building the dictionary strings for values seen before.
    const cache = this.facetCache[this.currentKey];
    let code = cache.get(id);
    if (code === undefined) cache.set(id, (code = this.facetIds.encode(facetIdText(this.currentKey, id))));
    if (this.facets.includesSince(this.keyStart, code)) return; // first occurrence wins
    this.facets.push(code);
    if (labelJson === undefined) return;
    let labels = this.labelCache.get(code);
    if (labels === undefined) this.labelCache.set(code, (labels = new Map()));
    let pair = labels.get(labelJson);
    if (pair === undefined) labels.set(labelJson, (pair = this.labelPairs.encode(labelPairText(facetIdText(this.currentKey, id), labelJson))));
    this.vote(pair);
  };

  private vote(labelPair: number): void {
    if (!this.config.tally) return;
    this.votes.set(labelPair, (this.votes.get(labelPair) ?? 0) + 1);
  }

  private dayCountArrays(): { countDays: Int32Array; countEvents: Int32Array } {
    const countDays = new Int32Array(this.eventsPerDay.size);
    const countEvents = new Int32Array(this.eventsPerDay.size);
    let j = 0;
    for (const [day, events] of this.eventsPerDay) { countDays[j] = day; countEvents[j++] = events; }
    return { countDays, countEvents };
  }

  result(): EncodedChunk {
    const n = this.length;
    this.communityOffsets[n] = this.communities.length;
    this.facetOffsets[n] = this.facets.length;
    const voteCodes = new Int32Array(this.votes.size);
    const voteCounts = new Int32Array(this.votes.size);
    let v = 0;
    for (const [code, count] of this.votes) { voteCodes[v] = code; voteCounts[v++] = count; }
    // Passes that keep few of the chunk's events should not hold its full-size columns.
    const fit = <T extends Int32Array | Uint8Array | Float64Array>(column: T, length: number, copy: (n: number) => T): T => {
      if (length >= column.length * 0.75) return column;
      const small = copy(length);
      small.set(column.subarray(0, length));
      return small;
    };
    return {
      sequence: this.raw.sequence,
      buffers: {
        length: n,
        day: fit(this.day, n, sharedInt32), type: fit(this.type, n, sharedUint8), size: fit(this.size, n, sharedFloat64),
        visitor: fit(this.visitor, n, sharedInt32), record: fit(this.record, n, sharedInt32),
        parent: fit(this.parent, n, sharedInt32), file: fit(this.file, n, sharedInt32),
        communityOffsets: fit(this.communityOffsets, n + 1, sharedInt32), communities: this.communities.finish(),
        facetOffsets: fit(this.facetOffsets, n + 1, sharedInt32), facets: this.facets.finish(),
      },
      dictionaries: {
        visitor: this.visitors.strings, record: this.records.strings, parent: this.parents.strings,
        file: this.files.strings, community: this.communityIds.strings, facetId: this.facetIds.strings,
        labelPair: this.labelPairs.strings,
      },
      voteCodes, voteCounts,
      ...this.dayCountArrays(),
      rejects: this.rejects,
      counts: this.counts,
      minDay: this.minDay, maxDay: this.maxDay,
    };
  }
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/**
 * One line as a string. Decoding line by line lets the (usual) all-ASCII lines become
 * one-byte strings, which decode and parse faster than a chunk-wide UTF-16 string.
 */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const line = bytes.subarray(start, end);
  return line.toString(isAscii(line) ? "latin1" : "utf8");
}

const TIMESTAMP_KEY = Buffer.from('"timestamp":"');

/** Nothing but JSON whitespace. */
const BLANK = /^[ \t\r\n]*$/;

interface SearchResponse {
  hits?: { hits?: { _index: string; _id: string; _source: unknown }[] };
}

/**
 * `community_ids`: a list of ids (or one id); absent or null means the event carries
 * none. Entries that are not non-empty strings are ignored; any other value present
 * leaves the event in `global` only.
 */
function communityIdList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  for (const item of list) if (typeof item === "string" && item !== "") ids.push(item);
  return ids;
}

