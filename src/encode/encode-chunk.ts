// The enrich stage's kernel (run by workers, and in process by the memory backend): a
// chunk of raw rows -> validated, filtered, enriched events as an encoded chunk (shared
// columns), plus the chunk's own dictionaries, label votes, rejects and counts.

import { EVENT_TYPE, MISSING, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { FACET_COUNT } from "../model/facets.js";
import { hasTimeline, type RecordIndex } from "../records/record-index.js";
import { eventSpans, outsideDays, readEventRows } from "../parse/chunk-rows.js";
import { emptyCounts, eventsPerDayArrays, type EncodeConfig, type EncodedChunk, type RawChunk, type RejectedLine } from "../model/chunk-types.js";
import { FIELD } from "../parse/event-fields.js";
import type { EventSpans } from "../parse/event-spans.js";
import { NOT_LOOKED_UP } from "../parse/span-values.js";
import { EventFacetColumns } from "./event-facets.js";
import { RecordDayCommunities } from "./record-day-communities.js";
import { communityIdList, internId } from "./read-ids.js";
import { TextCache } from "./text-cache.js";
import { validateEvent } from "../parse/validate-event.js";

// This thread's caches, reused by every chunk it encodes (the columns: chunk-columns.ts,
// the facets: event-facets.ts).
const scratch = {
  // What community lists encode to, by their text: each distinct list is decoded once,
  // not once per event.
  communityLists: new TextCache(),
  // A record's communities by day, from its membership timeline.
  recordDayCommunities: new RecordDayCommunities(),
};

export function encodeChunk(raw: RawChunk, index: RecordIndex, config: EncodeConfig): EncodedChunk {
  const encoder = new ChunkEncoder(raw, index, config);
  encoder.run();
  return encoder.result();
}

class ChunkEncoder extends EventFacetColumns {
  private readonly rejects: RejectedLine[] = [];
  private readonly eventsPerDay = new Map<number, number>();
  // The run of events on one day being counted (events come mostly in time order): the
  // map is written once per run, not once per event.
  private runDay = NaN;
  private runEvents = 0;
  private readonly counts = emptyCounts();
  private minDay = NaN;
  private maxDay = NaN;
  /** The lines of the chunk (readEventRows counts them). */
  private lineCount = 0;

  constructor(
    private readonly raw: RawChunk,
    index: RecordIndex,
    private readonly config: EncodeConfig,
  ) {
    // A file range read without counting its lines (encode-raw-chunk.ts): room for lines of ~256 bytes, grown as needed.
    super(raw.lineCount > 0 ? raw.lineCount : Math.ceil(raw.bytes.length / 256), index, config.tally);
    // Ids interned as they are read only when every line read may be kept (span-values.ts).
    const keepsAll = config.startDay === null && config.endDay === null && config.keepStartDay === null && config.keepEndDay === null;
    eventSpans().internIdsAsRead(keepsAll);
    eventSpans().useRecordIndex(index.buffers);
    scratch.communityLists.useIndex(index.buffers.generation);
    scratch.recordDayCommunities.useChunk(index.buffers);
  }

  run(): void {
    const { fileType } = this.raw;
    const { tally, keepStartDay, keepEndDay } = this.config;
    const read = () => (fileType === EVENT_TYPE.view ? this.counts.readViews++ : this.counts.readDownloads++);
    this.lineCount = readEventRows(
      this.raw,
      {
        event: (spans, where, source, text) => {
          read();
          const event = validateEvent(spans, fileType, this.config.eventDays);
          if (typeof event === "string") return this.reject(where, event, text.value(), source);
          this.accept(spans, event.type, event.day, event.recidField, event.size);
          return false;
        },
        reject: (where, source, reason, text) => {
          read();
          return this.reject(where, reason, text, source);
        },
      },
      tally ? undefined : outsideDays(keepStartDay, keepEndDay),
    );
  }

  /** Records a rejected row; true when the run must stop here. */
  private reject(where: number | string, reason: string, raw: string, source: string): boolean {
    if (!this.config.tally) return false; // the tallying pass has reported it
    this.counts.rejected++;
    this.rejects.push({ source, line: where, reason, raw });
    return this.config.stopAtFirstInvalid;
  }

  private accept(spans: EventSpans, type: EventTypeCode, day: number, recidField: number, size: number): void {
    const { tally } = this.config;
    const hasOwnCommunities = spans.has(FIELD.communityIds);
    // Its text number in scratch.communityLists once read (-1: not yet).
    let ownCommunities = -1;
    if (tally) {
      if (Number.isNaN(this.minDay) || day < this.minDay) this.minDay = day;
      if (Number.isNaN(this.maxDay) || day > this.maxDay) this.maxDay = day;
      // Every valid event names its communities, whatever its date or flags: they make
      // the default community list (reading the list encodes them).
      if (hasOwnCommunities) ownCommunities = this.ownCommunities(spans);
    }
    const { startDay, endDay } = this.config;
    if ((startDay !== null && day < startDay) || (endDay !== null && day > endDay)) {
      if (tally) this.counts.outsideRange++;
      return;
    }
    if (spans.isTrue(FIELD.isRobot) && !this.config.includeRobots) {
      if (tally) this.counts.droppedRobot++;
      return;
    }
    if (spans.isTrue(FIELD.isMachine) && this.config.excludeMachines) {
      if (tally) this.counts.droppedMachine++;
      return;
    }
    if (spans.isTrue(FIELD.viaApi) && this.config.excludeApi) {
      if (tally) this.counts.droppedApi++;
      return;
    }
    const known = this.knownRecord(spans, recidField);
    if (tally) {
      this.counts.counted++;
      if (known === undefined) this.counts.unknownRecord++;
      if (day === this.runDay) this.runEvents++;
      else {
        this.endDayRun();
        this.runDay = day;
        this.runEvents = 1;
      }
    }
    const { keepStartDay, keepEndDay } = this.config;
    const keep = (keepStartDay === null || day >= keepStartDay) && (keepEndDay === null || day <= keepEndDay);
    if (!keep) {
      // Not this pass's days: only the label votes, if this pass tallies.
      if (tally) {
        const mark = this.facets.length;
        this.pushEventFacets(spans, type, known);
        this.facets.length = mark;
      }
      return;
    }

    const i = this.nextRow();
    this.day[i] = day;
    this.type[i] = type;
    this.size[i] = size;
    this.visitor[i] = internId(this.visitors, spans, FIELD.visitorId);
    this.record[i] = known ?? this.records.encode(spans.idText(recidField)!);
    const parentField = spans.hasId(FIELD.parentRecid) ? FIELD.parentRecid : spans.hasId(FIELD.parentId) ? FIELD.parentId : -1;
    this.parent[i] = parentField >= 0 ? this.parentCode(spans, parentField) : known !== undefined ? this.index.buffers.recordParent[known] : MISSING;
    this.file[i] = type === EVENT_TYPE.download ? internId(this.files, spans, FIELD.fileId) : MISSING;

    this.communityOffsets[i] = this.communities.length;
    if (hasOwnCommunities) {
      // No other community list was looked up since: the text number still holds.
      if (ownCommunities < 0) ownCommunities = this.ownCommunities(spans);
      const lists = scratch.communityLists;
      for (let j = lists.first(ownCommunities); j < lists.end(ownCommunities); j++) this.communities.push(lists.codes[j]);
    } else if (known !== undefined && !this.config.eventCommunitiesOnly) this.pushRecordCommunities(known, day);

    this.facetOffsets[i] = this.facets.length;
    this.recordFacets[i] = this.pushEventFacets(spans, type, known);
  }

  /**
   * The event's own `community_ids`: their text number in scratch.communityLists, whose
   * codes are the distinct communities (`global` left out: every event counts there
   * anyway). Read once per distinct list text.
   */
  private ownCommunities(spans: EventSpans): number {
    const cache = scratch.communityLists;
    const seen = this.tailTexts.get(spans, FIELD.communityIds, FACET_COUNT, cache, this.serial);
    if (seen >= 0) return seen;
    let text = cache.find(spans.bytes, spans.start[FIELD.communityIds], spans.end[FIELD.communityIds], this.serial);
    if (text < 0) {
      const unique: number[] = [];
      for (const id of communityIdList(spans.json(FIELD.communityIds))) {
        if (id === GLOBAL_COMMUNITY) continue;
        const code = this.communityIds.encode(id);
        if (!unique.includes(code)) unique.push(code);
      }
      text = cache.keep(unique, this.serial);
    }
    this.tailTexts.set(spans, FIELD.communityIds, FACET_COUNT, cache, text);
    return text;
  }

  /**
   * The record index's code of the record id in `field`, undefined for a record it does
   * not know. A plain id the scanner looked up as it read it is known; another plain id
   * is looked up by its bytes in the index's shared table (no string); any other by its
   * text. (A cache by text in front of it thrashed past 32k records.)
   */
  private knownRecord(spans: EventSpans, field: number): number | undefined {
    const scanned = spans.indexCode(field);
    if (scanned !== NOT_LOOKED_UP) return scanned >= 0 ? scanned : undefined;
    const codes = this.index.recordCodes;
    if (!spans.isPlainId(field)) return codes.get(spans.idText(field)!);
    const code = codes.codeOfBytes(spans.bytes, spans.start[field] + 1, spans.end[field] - 1, spans.idHash(field));
    return code >= 0 ? code : undefined;
  }

  /** The code of the parent id in `field` (present): the index's by its bytes when it has it, else the chunk's. */
  private parentCode(spans: EventSpans, field: number): number {
    const scanned = spans.indexCode(field);
    if (scanned >= 0) return scanned;
    if (scanned === NOT_LOOKED_UP && spans.isPlainId(field)) {
      const code = this.index.parentCodes.codeOfBytes(spans.bytes, spans.start[field] + 1, spans.end[field] - 1, spans.idHash(field));
      if (code >= 0) return code;
    }
    return this.parents.encode(spans.idText(field)!);
  }

  // SPEC 1.3 precedence after the event's own list: the timeline, else current communities.
  private pushRecordCommunities(record: number, day: number): void {
    const b = this.index.buffers;
    if (hasTimeline(b, record)) {
      scratch.recordDayCommunities.push(record, day, this.communities);
      return;
    }
    for (let j = b.communityOffsets[record]; j < b.communityOffsets[record + 1]; j++) this.communities.push(b.communityValues[j]);
  }

  private endDayRun(): void {
    if (this.runEvents > 0) this.eventsPerDay.set(this.runDay, (this.eventsPerDay.get(this.runDay) ?? 0) + this.runEvents);
    this.runEvents = 0;
  }

  result(): EncodedChunk {
    this.endDayRun();
    const columns = this.columns();
    const { voteCodes, voteCounts } = this.voteResult();
    return {
      sequence: this.raw.sequence,
      ...columns,
      voteCodes,
      voteCounts,
      ...eventsPerDayArrays(this.eventsPerDay),
      rejects: this.rejects,
      counts: this.counts,
      minDay: this.minDay,
      maxDay: this.maxDay,
      lineCount: this.lineCount,
    };
  }
}
