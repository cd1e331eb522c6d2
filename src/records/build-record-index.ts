// Builds the shared record index from record documents and membership events, as they
// stream in (records are not kept as objects). Runs once per run, on the coordinator.

import { buildLookupTable } from "../columnar/string-lookup.js";
import { MISSING } from "../columnar/encoded-chunk.js";
import { RunDictionary } from "../columnar/dictionaries.js";
import { sharedInt32, sharedUint8, toSharedInt32 } from "../columnar/shared-arrays.js";
import { encodeStrings } from "../columnar/shared-strings.js";
import { MS_PER_DAY, parseTimestampMs } from "../model/day.js";
import { REJECT_REASONS } from "../model/reject-reasons.js";
import { FACET_COUNT } from "../model/facets.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { parseFacetIdText } from "../model/facet-text.js";
import { compactDictionary, markUsed } from "./compact-record-strings.js";
import type { ExtractedRecord } from "./extract-record.js";
import { idText } from "../parse/validate-event.js";
import type { RecordIndexBuffers, RecordIndexStrings } from "../model/record-index-types.js";

interface RecordEntry {
  parent: number;
  communities: number[];
  /** Facet id codes in key order, and the key of each. */
  facets: number[];
  keys: number[];
  /** Label pair codes, parallel to `facets` (-1: no label). */
  labels: number[];
}

interface MembershipEntry {
  record: string;
  community: number;
  ms: number;
  added: boolean;
  order: number;
}

export type OnLineReject = (line: number | string, reason: string) => void;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

let generationCounter = 0;

export class RecordIndexBuilder {
  private readonly recordIds = new RunDictionary();
  private parents = new RunDictionary();
  private communities = new RunDictionary();
  private facetIds = new RunDictionary();
  private labelPairs = new RunDictionary();
  private readonly records: RecordEntry[] = [];
  private readonly membership: MembershipEntry[] = [];
  /** A record id came twice: the dictionaries may hold strings only the superseded copy used. */
  private superseded = false;

  get recordCount(): number {
    return this.records.length;
  }

  /** Membership events kept so far (for progress). */
  get membershipCount(): number {
    return this.membership.length;
  }

  /** A record extracted by a worker (see extract-record-chunk.ts); a later record with the same id replaces the earlier one. */
  addExtracted(record: ExtractedRecord): void {
    if (this.recordIds.codeOf(record.id) !== undefined) this.superseded = true;
    const communities = record.communities.map((c) => this.communities.intern(c));
    const entry: RecordEntry = {
      parent: record.parent === "" ? MISSING : this.parents.intern(record.parent),
      communities,
      facets: record.facets.map((text) => this.facetIds.intern(text)),
      keys: record.facets.map((text) => parseFacetIdText(text).keyIndex),
      labels: record.labels.map((label) => (label === "" ? -1 : this.labelPairs.intern(label))),
    };
    this.records[this.recordIds.intern(record.id)] = entry;
  }

  /** One membership event (`stats-community-events` shape). */
  addMembership(value: unknown, line: number | string, reject: OnLineReject): void {
    const record = isObject(value) ? idText(value.record_id) : undefined;
    const community = isObject(value) ? idText(value.community_id) : undefined;
    const type = isObject(value) ? value.event_type : undefined;
    const date = isObject(value) && typeof value.event_date === "string" ? parseTimestampMs(value.event_date, false) : NaN;
    if (record === undefined || community === undefined || (type !== "added" && type !== "removed") || Number.isNaN(date)) {
      return reject(line, REJECT_REASONS.invalidMembership);
    }
    if (community === GLOBAL_COMMUNITY) return;
    this.membership.push({ record, community: this.communities.intern(community), ms: date, added: type === "added", order: this.membership.length });
  }

  finish(): { buffers: RecordIndexBuffers; strings: RecordIndexStrings } {
    if (this.superseded) this.dropSupersededStrings();
    const n = this.records.length;
    const recordParent = sharedInt32(n);
    const communityOffsets = sharedInt32(n + 1);
    const communityValues: number[] = [];
    const facetOffsets = sharedInt32(n * FACET_COUNT + 1);
    const facetValues: number[] = [];
    const facetLabels: number[] = [];
    for (let r = 0; r < n; r++) {
      const entry = this.records[r];
      recordParent[r] = entry.parent;
      communityOffsets[r] = communityValues.length;
      communityValues.push(...entry.communities);
      // Values come in key order: each key's run starts where the previous one ended.
      let j = 0;
      for (let k = 0; k < FACET_COUNT; k++) {
        facetOffsets[r * FACET_COUNT + k] = facetValues.length;
        for (; j < entry.facets.length && entry.keys[j] === k; j++) {
          facetValues.push(entry.facets[j]);
          facetLabels.push(entry.labels[j]);
        }
      }
    }
    communityOffsets[n] = communityValues.length;
    facetOffsets[n * FACET_COUNT] = facetValues.length;
    const recordIds = encodeStrings(this.recordIds.strings);
    const parents = encodeStrings(this.parents.strings);
    const communities = encodeStrings(this.communities.strings);
    const facetIds = encodeStrings(this.facetIds.strings);
    const labelPairs = encodeStrings(this.labelPairs.strings);
    return {
      buffers: {
        generation: `${process.pid}-${Date.now()}-${++generationCounter}`,
        recordIds,
        parents,
        communities,
        facetIds,
        labelPairs,
        lookups: {
          recordIds: buildLookupTable(recordIds),
          parents: buildLookupTable(parents),
          communities: buildLookupTable(communities),
          facetIds: buildLookupTable(facetIds),
          labelPairs: buildLookupTable(labelPairs),
        },
        recordParent,
        communityOffsets,
        communityValues: toSharedInt32(communityValues),
        ...this.buildTimeline(),
        facetOffsets,
        facetValues: toSharedInt32(facetValues),
        facetLabels: toSharedInt32(facetLabels),
      },
      strings: {
        recordIds: this.recordIds.strings,
        parents: this.parents.strings,
        communities: this.communities.strings,
        facetIds: this.facetIds.strings,
        labelPairs: this.labelPairs.strings,
      },
    };
  }

  private dropSupersededStrings(): void {
    const usedParents = new Uint8Array(this.parents.size);
    const usedCommunities = new Uint8Array(this.communities.size);
    const usedFacets = new Uint8Array(this.facetIds.size);
    const usedLabels = new Uint8Array(this.labelPairs.size);
    for (const entry of this.records) {
      markUsed(usedParents, [entry.parent]);
      markUsed(usedCommunities, entry.communities);
      markUsed(usedFacets, entry.facets);
      markUsed(usedLabels, entry.labels);
    }
    for (const member of this.membership) usedCommunities[member.community] = 1;
    const parents = compactDictionary(this.parents, usedParents);
    const communities = compactDictionary(this.communities, usedCommunities);
    const facets = compactDictionary(this.facetIds, usedFacets);
    const labels = compactDictionary(this.labelPairs, usedLabels);
    const remap = (codes: number[], map: Int32Array) => codes.map((code) => (code >= 0 ? map[code] : code));
    for (const entry of this.records) {
      entry.parent = entry.parent >= 0 ? parents.remap[entry.parent] : entry.parent;
      entry.communities = remap(entry.communities, communities.remap);
      entry.facets = remap(entry.facets, facets.remap);
      entry.labels = remap(entry.labels, labels.remap);
    }
    for (const member of this.membership) member.community = communities.remap[member.community];
    this.parents = parents.dictionary;
    this.communities = communities.dictionary;
    this.facetIds = facets.dictionary;
    this.labelPairs = labels.dictionary;
    this.superseded = false;
  }

  // Membership of unknown records is kept out: their events count in global and in
  // their own community_ids only (SPEC section 5).
  private buildTimeline() {
    const rows: { record: number; entry: MembershipEntry }[] = [];
    for (const entry of this.membership) {
      const record = this.recordIds.codeOf(entry.record);
      if (record !== undefined) rows.push({ record, entry });
    }
    rows.sort((a, b) => a.record - b.record || a.entry.community - b.entry.community || a.entry.ms - b.entry.ms || a.entry.order - b.entry.order);
    const n = this.records.length;
    const timelineOffsets = sharedInt32(n + 1);
    const timelineCommunity = sharedInt32(rows.length);
    const timelineDay = sharedInt32(rows.length);
    const timelineAdded = sharedUint8(rows.length);
    let row = 0;
    for (let r = 0; r < n; r++) {
      timelineOffsets[r] = row;
      for (; row < rows.length && rows[row].record === r; row++) {
        timelineCommunity[row] = rows[row].entry.community;
        timelineDay[row] = Math.floor(rows[row].entry.ms / MS_PER_DAY);
        timelineAdded[row] = rows[row].entry.added ? 1 : 0;
      }
    }
    timelineOffsets[n] = rows.length;
    return { timelineOffsets, timelineCommunity, timelineDay, timelineAdded };
  }
}
