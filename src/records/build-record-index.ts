// Builds the shared record index from record documents and membership events, as they
// stream in (records are not kept as objects). Runs once per run, on the coordinator.

import { buildLookupTable } from "../columnar/string-lookup.js";
import { MISSING } from "../columnar/encoded-chunk.js";
import { RunDictionary } from "../columnar/dictionaries.js";
import { Int32ColumnBuilder, sharedInt32, sharedUint8 } from "../columnar/shared-arrays.js";
import { encodeStrings } from "../columnar/shared-strings.js";
import { MS_PER_DAY } from "../model/day.js";
import { FACET_COUNT } from "../model/facets.js";
import { parseFacetIdText } from "../model/facet-text.js";
import { compactDictionary, markUsed, remapCodes } from "./compact-record-strings.js";
import type { CodedRecords } from "./record-chunk-codes.js";
import { readMembership, type CodedMembership } from "./membership-rows.js";
import type { RecordIndexBuffers, RecordIndexStrings } from "../model/record-index-types.js";

interface MembershipEntry {
  record: string;
  community: number;
  ms: number;
  added: boolean;
  order: number;
}

export type OnLineReject = (line: number | string, reason: string) => void;

let generationCounter = 0;

export class RecordIndexBuilder {
  private readonly recordIds = new RunDictionary();
  private parents = new RunDictionary();
  private communities = new RunDictionary();
  private facetIds = new RunDictionary();
  private labelPairs = new RunDictionary();
  // Per record code: its parent, and where its communities and facet values (with their
  // labels) sit in the stores. A later copy of a record appends anew and points there.
  private readonly parentOf: number[] = [];
  private readonly communityStart: number[] = [];
  private readonly facetStart: number[] = [];
  private readonly communityEnd: number[] = [];
  private readonly facetEnd: number[] = [];
  // Typed and growable: a run's records hold millions of facet values.
  private readonly communityStore = new Int32ColumnBuilder(1024);
  private readonly facetStore = new Int32ColumnBuilder(1024);
  private readonly labelStore = new Int32ColumnBuilder(1024);
  private readonly membership: MembershipEntry[] = [];
  /** A record id came twice: the dictionaries may hold strings only the superseded copy used. */
  private superseded = false;

  get recordCount(): number {
    return this.recordIds.size;
  }

  /** Membership events kept so far (for progress). */
  get membershipCount(): number {
    return this.membership.length;
  }

  /** A chunk of records extracted by a worker (record-chunk-codes.ts), in input order; a later record with the same id replaces the earlier one. */
  addRecords(coded: CodedRecords): void {
    const parents = this.parents.internAll(coded.parents);
    const communities = this.communities.internAll(coded.communities);
    const facets = this.facetIds.internAll(coded.facetIds);
    const labels = this.labelPairs.internAll(coded.labelPairs);
    for (let i = 0; i < coded.ids.length; i++) {
      const known = this.recordIds.size;
      const r = this.recordIds.intern(coded.ids[i]);
      if (r < known) this.superseded = true;
      this.parentOf[r] = coded.parent[i] < 0 ? MISSING : parents[coded.parent[i]];
      this.communityStart[r] = this.communityStore.length;
      for (let c = coded.communityOffsets[i]; c < coded.communityOffsets[i + 1]; c++) this.communityStore.push(communities[coded.community[c]]);
      this.facetStart[r] = this.facetStore.length;
      for (let f = coded.facetOffsets[i]; f < coded.facetOffsets[i + 1]; f++) {
        this.facetStore.push(facets[coded.facet[f]]);
        this.labelStore.push(coded.label[f] < 0 ? -1 : labels[coded.label[f]]);
      }
      this.communityEnd[r] = this.communityStore.length;
      this.facetEnd[r] = this.facetStore.length;
    }
  }

  /** One membership event (`stats-community-events` shape), read here (the OpenSearch source, the metadata cache). */
  addMembership(value: unknown, line: number | string, reject: OnLineReject): void {
    const row = readMembership(value);
    if (typeof row === "string") return reject(line, row);
    if (row !== null) this.membership.push({ ...row, community: this.communities.intern(row.community), order: this.membership.length });
  }

  /** A chunk of membership rows a worker read (membership-rows.ts), in input order. */
  addMembershipRows(coded: CodedMembership): void {
    const communities = this.communities.internAll(coded.communities);
    for (let i = 0; i < coded.records.length; i++) {
      this.membership.push({
        record: coded.records[i],
        community: communities[coded.community[i]],
        ms: coded.ms[i],
        added: coded.added[i] === 1,
        order: this.membership.length,
      });
    }
  }

  finish(): { buffers: RecordIndexBuffers; strings: RecordIndexStrings } {
    if (this.superseded) this.dropSupersededStrings();
    const n = this.recordIds.size;
    const recordParent = sharedInt32(n);
    const communityOffsets = sharedInt32(n + 1);
    const communityValues = new Int32ColumnBuilder(this.communityStore.length);
    const facetOffsets = sharedInt32(n * FACET_COUNT + 1);
    const facetValues = new Int32ColumnBuilder(this.facetStore.length);
    const facetLabels = new Int32ColumnBuilder(this.facetStore.length);
    const facetKey = Int32Array.from(this.facetIds.strings, (text) => parseFacetIdText(text).keyIndex);
    const communityStore = this.communityStore.filled();
    const facetStore = this.facetStore.filled();
    const labelStore = this.labelStore.filled();
    for (let r = 0; r < n; r++) {
      recordParent[r] = this.parentOf[r];
      communityOffsets[r] = communityValues.length;
      communityValues.pushRange(communityStore, this.communityStart[r], this.communityEnd[r]);
      // Values come in key order: each key's run starts where the previous one ended.
      let j = this.facetStart[r];
      const end = this.facetEnd[r];
      for (let k = 0; k < FACET_COUNT; k++) {
        facetOffsets[r * FACET_COUNT + k] = facetValues.length;
        const from = j;
        while (j < end && facetKey[facetStore[j]] === k) j++;
        facetValues.pushRange(facetStore, from, j);
        facetLabels.pushRange(labelStore, from, j);
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
        communityValues: communityValues.toShared(),
        ...this.buildTimeline(),
        facetOffsets,
        facetValues: facetValues.toShared(),
        facetLabels: facetLabels.toShared(),
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
    const communityStore = this.communityStore.filled();
    const facetStore = this.facetStore.filled();
    const labelStore = this.labelStore.filled();
    for (let r = 0; r < this.recordIds.size; r++) {
      if (this.parentOf[r] >= 0) usedParents[this.parentOf[r]] = 1;
      markUsed(usedCommunities, communityStore, this.communityStart[r], this.communityEnd[r]);
      markUsed(usedFacets, facetStore, this.facetStart[r], this.facetEnd[r]);
      markUsed(usedLabels, labelStore, this.facetStart[r], this.facetEnd[r]);
    }
    for (const member of this.membership) usedCommunities[member.community] = 1;
    const parents = compactDictionary(this.parents, usedParents);
    const communities = compactDictionary(this.communities, usedCommunities);
    const facets = compactDictionary(this.facetIds, usedFacets);
    const labels = compactDictionary(this.labelPairs, usedLabels);
    // Codes only a superseded copy used map to -1: nothing points at them any more.
    for (let r = 0; r < this.recordIds.size; r++) if (this.parentOf[r] >= 0) this.parentOf[r] = parents.remap[this.parentOf[r]];
    remapCodes(communityStore, communities.remap);
    remapCodes(facetStore, facets.remap);
    remapCodes(labelStore, labels.remap);
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
    const n = this.recordIds.size;
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
