// The enrich stage's kernel (run by workers, and in process by the memory backend): a
// chunk of raw rows -> validated, filtered, enriched events as an encoded chunk (shared
// columns), plus the chunk's own dictionaries, label votes, rejects and counts.

import { ChunkDictionary } from "../columnar/dictionaries.js";
import { EVENT_TYPE, MISSING, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { Int32ColumnBuilder, ScratchArray, sharedCopy } from "../columnar/shared-arrays.js";
import { encodeStrings } from "../columnar/shared-strings.js";
import { facetIdText, labelPairText } from "../model/facet-text.js";
import { REJECT_REASONS } from "../model/reject-reasons.js";
import { GLOBAL_COMMUNITY, KEY_INDEX, SUBCOUNT_KEYS, SUBCOUNT_KEY_COUNT } from "../model/subcount-keys.js";
import { fileExtension, readEventFacet } from "./facet-values.js";
import { forEachTimelineMember, hasTimeline, type RecordIndex } from "./record-index.js";
import { outsideDays, readChunkRows } from "./chunk-rows.js";
import { emptyCounts, type EncodeConfig, type EncodedChunk, type RawChunk, type RejectedLine } from "./chunk-types.js";
import { idText, validateEvent, type EventFields } from "./validate-event.js";

// This thread's columns under construction, reused by every chunk it encodes (a chunk is
// encoded start to finish in one synchronous call); results are copied out at length.
const scratch = {
  day: new ScratchArray((n) => new Int32Array(n)),
  type: new ScratchArray((n) => new Uint8Array(n)),
  size: new ScratchArray((n) => new Float64Array(n)),
  visitor: new ScratchArray((n) => new Int32Array(n)),
  record: new ScratchArray((n) => new Int32Array(n)),
  parent: new ScratchArray((n) => new Int32Array(n)),
  file: new ScratchArray((n) => new Int32Array(n)),
  communityOffsets: new ScratchArray((n) => new Int32Array(n)),
  facetOffsets: new ScratchArray((n) => new Int32Array(n)),
  communities: new Int32ColumnBuilder(0),
  facets: new Int32ColumnBuilder(0),
};

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
    this.day = scratch.day.take(n);
    this.type = scratch.type.take(n);
    this.size = scratch.size.take(n);
    this.visitor = scratch.visitor.take(n);
    this.record = scratch.record.take(n);
    this.parent = scratch.parent.take(n);
    this.file = scratch.file.take(n);
    this.communityOffsets = scratch.communityOffsets.take(n + 1);
    this.facetOffsets = scratch.facetOffsets.take(n + 1);
    this.communities = scratch.communities;
    this.communities.reset();
    this.facets = scratch.facets;
    this.facets.reset();
    this.records = new ChunkDictionary(index.recordCodes);
    this.parents = new ChunkDictionary(index.parentCodes);
    this.communityIds = new ChunkDictionary(index.communityCodes);
    this.facetIds = new ChunkDictionary(index.facetIdCodes);
    this.labelPairs = new ChunkDictionary(index.labelPairCodes);
  }

  run(): void {
    const { fileType, source } = this.raw;
    const { tally, keepStartDay, keepEndDay } = this.config;
    const read = () => { if (fileType === EVENT_TYPE.view) this.counts.readViews++; else this.counts.readDownloads++; };
    readChunkRows(this.raw, {
      row: (value, where, rowSource, text) => {
        read();
        const event = validateEvent(value, fileType);
        if (typeof event === "string") return this.reject(where, event, text(), rowSource);
        this.accept(event.fields, event.type, event.day, event.recid, event.size);
        return false;
      },
      invalid: (where, text) => {
        read();
        return this.reject(where, REJECT_REASONS.invalidJson, text, source);
      },
    }, tally ? undefined : outsideDays(keepStartDay, keepEndDay));
  }

  /** Records a rejected row; true when the run must stop here. */
  private reject(where: number | string, reason: string, raw: string, source: string): boolean {
    if (!this.config.tally) return false; // the tallying pass has reported it
    this.counts.rejected++;
    this.rejects.push({ source, line: where, reason, raw });
    return this.config.stopAtFirstInvalid;
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
    return {
      sequence: this.raw.sequence,
      buffers: {
        length: n,
        day: sharedCopy(this.day, n), type: sharedCopy(this.type, n), size: sharedCopy(this.size, n),
        visitor: sharedCopy(this.visitor, n), record: sharedCopy(this.record, n),
        parent: sharedCopy(this.parent, n), file: sharedCopy(this.file, n),
        communityOffsets: sharedCopy(this.communityOffsets, n + 1), communities: this.communities.toShared(),
        facetOffsets: sharedCopy(this.facetOffsets, n + 1), facets: this.facets.toShared(),
      },
      dictionaries: {
        visitor: encodeStrings(this.visitors.strings), record: this.records.strings, parent: this.parents.strings,
        file: encodeStrings(this.files.strings), community: this.communityIds.strings, facetId: this.facetIds.strings,
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

