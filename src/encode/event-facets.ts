// The encode kernel's facet columns: each event's facet codes, key by key (its own
// values for a key it names, else its record's; a download's file type from its own file),
// and the label votes of the values it used. ChunkEncoder (encode-chunk.ts) builds on it.

import { EVENT_TYPE, MISSING, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { facetIdText, labelPairText } from "../model/facet-text.js";
import { FACETS, FACET_COUNT, FILES_RULE, FILES_RULE_KEY_INDEX, type FacetSpec } from "../model/facets.js";
import { fileExtension, readEventFacet } from "../records/facet-values.js";
import type { RecordIndex } from "../records/record-index.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import { recordLabelPair, slotValueAt } from "../records/record-label-pair.js";
import { FACET_FIELD, FIELD } from "../parse/event-fields.js";
import type { EventSpans } from "../parse/event-spans.js";
import { ChunkColumns } from "./chunk-columns.js";
import { TextCache } from "./text-cache.js";
import { TailTexts } from "./tail-texts.js";
import { VoteTally } from "./vote-tally.js";

// This thread's caches, reused by every chunk it encodes.
const scratch = {
  // What an event's own facet values encode to, by their text: decoded once per distinct text.
  facetPairs: FACETS.map(() => new TextCache()),
  // A download's file type facet (its code, or MISSING: no extension) by the bytes of its file key.
  fileTypes: new TextCache(),
  votes: new VoteTally(),
  // Per (record, key): the events that took the record's values (their labels' votes).
  recordVotes: new VoteTally(),
  // Per (record, type): the events that took all of the record's values (votes as above, per key).
  wholeRecordVotes: new VoteTally(),
  // Text numbers of values in line tails already seen: slot k for key k, then the community list.
  tailTexts: new TailTexts(FACET_COUNT + 1),
};
/** Numbers this thread's chunks: what a text cache entry with chunk-local codes is valid in. */
let chunkSerial = 0;

export class EventFacetColumns extends ChunkColumns {
  protected readonly serial = ++chunkSerial;
  protected readonly tailTexts = scratch.tailTexts;
  private readonly votes = scratch.votes;

  /** `tally`: this pass counts the label votes. */
  constructor(
    lines: number,
    protected readonly index: RecordIndex,
    private readonly tally: boolean,
  ) {
    super(lines, index);
    scratch.votes.reset();
    scratch.recordVotes.reset();
    scratch.recordVotes.reserve(index.buffers.facetOffsets.length - 1);
    scratch.wholeRecordVotes.reset();
    scratch.wholeRecordVotes.reserve(((index.buffers.facetOffsets.length - 1) / FACET_COUNT) * 2);
    for (const cache of [scratch.fileTypes, ...scratch.facetPairs]) cache.useIndex(index.buffers.generation);
  }

  /**
   * The event's facet codes, key by key (and their label votes): its own pushed to the
   * chunk's facet list; the record whose values it takes for every other key returned
   * (the event's `recordFacets`, event-facet-ids.ts), MISSING when it takes them key by key.
   */
  protected pushEventFacets(spans: EventSpans, type: EventTypeCode, known: number | undefined): number {
    if (known !== undefined && (!namesRecordFacets(spans) || this.namesOnlyRecordValues(spans, type, known))) {
      return this.pushWholeRecordFacets(spans, type, known);
    }
    for (let k = 0; k < FACET_COUNT; k++) this.pushFacets(k, spans, type, known);
    return MISSING;
  }

  /**
   * The common case, an event that names no facet key a record has values for (a raw
   * event names its country, a property of the visit, and nothing else): the event takes
   * its record's values for every key, named by the record's code rather than copied,
   * and lists its own values for the visit keys and a download's file type for the files
   * key. Votes as pushFacets's, the record's counted per (record, type): a visit key's
   * record slot is empty, so it has none to count.
   */
  private pushWholeRecordFacets(spans: EventSpans, type: EventTypeCode, record: number): number {
    const download = type === EVENT_TYPE.download;
    for (const k of download ? EVENT_ONLY_KEYS_OF_DOWNLOADS : EVENT_ONLY_KEYS) {
      if (k === FILES_RULE_KEY_INDEX && download) this.pushFileType(spans);
      else if (spans.has(FACET_FIELD + k)) this.pushOwnValues(k, spans, record);
    }
    if (this.tally) scratch.wholeRecordVotes.add(record * 2 + (download ? 1 : 0), 1);
    return record;
  }

  /**
   * Whether every record key the event names holds just what taking the record's values
   * would give (an enriched event copied from an unchanged record): the same values,
   * labels and votes; for a download's files key, its own file's type and no vote. Then
   * the event names the record like a raw one, and both kinds share group keys.
   */
  private namesOnlyRecordValues(spans: EventSpans, type: EventTypeCode, record: number): boolean {
    const download = type === EVENT_TYPE.download;
    for (const k of RECORD_KEYS) {
      if (!spans.has(FACET_FIELD + k)) continue;
      const cache = scratch.facetPairs[k];
      const text = this.eventFacetPairs(k, spans);
      const first = cache.first(text);
      const end = cache.end(text);
      if (download && k === FILES_RULE_KEY_INDEX) {
        if (!this.isOwnFileType(cache.codes, first, end, spans, record)) return false;
      } else if (!isRecordSlot(this.index.buffers, record * FACET_COUNT + k, cache.codes, first, end)) return false;
    }
    return true;
  }

  /** Whether (code, label) pairs[first, end) are just the download's own file type, with nothing to vote. */
  private isOwnFileType(pairs: Int32Array, first: number, end: number, spans: EventSpans, record: number): boolean {
    const fileType = this.fileType(spans);
    if (fileType === MISSING) return first === end;
    return (
      end - first === 2 &&
      pairs[first] === fileType &&
      pairs[first + 1] === MISSING &&
      recordLabelPair(this.index.buffers, record, FILES_RULE_KEY_INDEX, fileType) < 0
    );
  }

  /** The files rule: a download's file type, from its file key's extension (none without one). */
  private pushFileType(spans: EventSpans): void {
    const fileType = this.fileType(spans);
    if (fileType !== MISSING) this.facets.push(fileType);
  }

  /** A download's file type code, MISSING without a file key or an extension. */
  private fileType(spans: EventSpans): number {
    if (!spans.has(FIELD.fileKey)) return MISSING;
    const cache = scratch.fileTypes;
    let text = cache.find(spans.bytes, spans.start[FIELD.fileKey], spans.end[FIELD.fileKey], this.serial);
    if (text < 0) {
      const fileKey = spans.text(FIELD.fileKey);
      const ext = fileKey !== undefined ? fileExtension(fileKey) : undefined;
      text = cache.keep([ext !== undefined ? this.facetIds.encode(facetIdText(FILES_RULE_KEY_INDEX, ext)) : MISSING], this.serial);
    }
    return cache.codes[cache.first(text)];
  }

  // A key present on the event replaces the record's values for that key.
  private pushFacets(k: number, spans: EventSpans, type: EventTypeCode, record: number | undefined): void {
    if (spans.has(FACET_FIELD + k)) return this.pushOwnValues(k, spans, record);
    // The files rule: a download's file types are its own file's, never its record's.
    if (k === FILES_RULE_KEY_INDEX && type === EVENT_TYPE.download) return this.pushFileType(spans);
    if (record === undefined) return;
    const b = this.index.buffers;
    const slot = record * FACET_COUNT + k;
    this.facets.pushRange(b.facetValues, b.facetOffsets[slot], b.facetOffsets[slot + 1]);
    // Its labels' votes: counted per (record, key) here, handed out per label at the end.
    if (this.tally) scratch.recordVotes.add(slot, 1);
  }

  /** The event's own values of key k, and their votes (an unlabelled one takes its record's label, if any). */
  private pushOwnValues(k: number, spans: EventSpans, record: number | undefined): void {
    const cache = scratch.facetPairs[k];
    const text = this.eventFacetPairs(k, spans);
    for (let j = cache.first(text); j < cache.end(text); j += 2) {
      this.facets.push(cache.codes[j]);
      if (cache.codes[j + 1] !== MISSING) this.vote(cache.codes[j + 1]);
      else if (record !== undefined) {
        const pair = recordLabelPair(this.index.buffers, record, k, cache.codes[j]); // -1: no label
        if (pair >= 0) this.vote(pair);
      }
    }
  }

  /**
   * The values of key k on the event, deduplicated (the first occurrence's label wins):
   * their text number in scratch.facetPairs[k], whose codes are pairs (facet code, label
   * pair code or MISSING). Read once per distinct text.
   */
  private eventFacetPairs(k: number, spans: EventSpans): number {
    const field = FACET_FIELD + k;
    const cache = scratch.facetPairs[k];
    const seen = scratch.tailTexts.get(spans, field, k, cache, this.serial);
    if (seen >= 0) return seen;
    let text = cache.find(spans.bytes, spans.start[field], spans.end[field], this.serial);
    if (text < 0) {
      const entries: number[] = [];
      readEventFacet(k, spans.json(field), (id, labelJson) => {
        const code = this.facetIds.encode(facetIdText(k, id));
        for (let j = 0; j < entries.length; j += 2) if (entries[j] === code) return;
        entries.push(code, labelJson === undefined ? MISSING : this.labelPairs.encode(labelPairText(facetIdText(k, id), labelJson)));
      });
      text = cache.keep(entries, this.serial);
    }
    scratch.tailTexts.set(spans, field, k, cache, text);
    return text;
  }

  /** The votes of the record values used (per (record, key): as many as the events that used them). */
  private voteRecordValues(): void {
    const { voteCodes: slots, voteCounts: uses } = scratch.recordVotes.result();
    for (let v = 0; v < slots.length; v++) this.voteSlot(slots[v], uses[v]);
    const { voteCodes: recordTypes, voteCounts: wholeUses } = scratch.wholeRecordVotes.result();
    for (let v = 0; v < recordTypes.length; v++) {
      const first = (recordTypes[v] >> 1) * FACET_COUNT;
      const download = (recordTypes[v] & 1) === 1;
      for (let k = 0; k < FACET_COUNT; k++) if (!(download && k === FILES_RULE_KEY_INDEX)) this.voteSlot(first + k, wholeUses[v]);
    }
  }

  /** `uses` votes for each labelled value of a record slot (record x key). */
  private voteSlot(slot: number, uses: number): void {
    const b = this.index.buffers;
    for (let j = b.facetOffsets[slot]; j < b.facetOffsets[slot + 1]; j++) if (b.facetLabels[j] >= 0) this.votes.add(b.facetLabels[j], uses);
  }

  /** One vote for a label pair (run-wide or chunk-local code). */
  private vote(labelPair: number): void {
    if (this.tally) this.votes.add(labelPair, 1);
  }

  /** The chunk's label votes: the events' own labels and the record values they used. */
  protected voteResult(): { voteCodes: Int32Array; voteCounts: Int32Array } {
    this.voteRecordValues();
    return this.votes.result();
  }
}

/** The keys whose values only an event carries (no record paths: a property of the visit), in key order. */
const EVENT_ONLY_KEYS: readonly number[] = FACETS.flatMap((facet: FacetSpec, k) => (facet.record !== FILES_RULE && facet.record.length === 0 ? [k] : []));
/** The same, and the files key, whose values a download takes from its own file. */
const EVENT_ONLY_KEYS_OF_DOWNLOADS: readonly number[] = [...EVENT_ONLY_KEYS, ...(FILES_RULE_KEY_INDEX >= 0 ? [FILES_RULE_KEY_INDEX] : [])].sort(
  (a, b) => a - b,
);
const RECORD_KEY = FACETS.map((_facet, k) => !EVENT_ONLY_KEYS.includes(k));
const RECORD_KEYS: readonly number[] = FACETS.flatMap((_facet, k) => (RECORD_KEY[k] ? [k] : []));

/**
 * Whether (code, label) pairs[first, end) hold the record slot's values (as a set: both
 * are deduplicated) with the labels its values would vote for: the slot's own, or none
 * given (then pushOwnValues votes the slot's too).
 */
function isRecordSlot(b: RecordIndexBuffers, slot: number, pairs: Int32Array, first: number, end: number): boolean {
  if (b.facetOffsets[slot + 1] - b.facetOffsets[slot] !== (end - first) >> 1) return false;
  for (let j = first; j < end; j += 2) {
    const at = slotValueAt(b, slot, pairs[j]);
    if (at < 0) return false;
    const label = pairs[j + 1];
    if (label !== MISSING && (label < 0 || label !== b.facetLabels[at])) return false; // < 0: chunk-local, not the slot's
  }
  return true;
}

/** Whether the event names a facet key its record has values for (then its values replace the record's for that key). */
function namesRecordFacets(spans: EventSpans): boolean {
  for (let k = 0; k < FACET_COUNT; k++) if (RECORD_KEY[k] && spans.has(FACET_FIELD + k)) return true;
  return false;
}
