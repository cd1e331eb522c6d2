// Extracted records as they cross the thread boundary: a chunk's records with its
// strings coded against the chunk's own small dictionaries (parents, communities, facet
// ids, label pairs), so that the coordinator interns each distinct string once per chunk,
// not once per record, and receives typed arrays instead of a few arrays per record.

import type { ExtractedRecord } from "./extract-record.js";
import { RunDictionary } from "../columnar/dictionaries.js";

export interface CodedRecords {
  /** Record ids, in input order. */
  ids: string[];
  /** Per record: its parent's code in `parents`, or -1 (no parent). */
  parent: Int32Array;
  /** Per record: its communities, [communityOffsets[i], communityOffsets[i + 1]) of `community`. */
  communityOffsets: Int32Array;
  community: Int32Array;
  /** Per record: its facet values (codes in `facetIds`, key by key) and their labels (codes in `labelPairs`, -1: none). */
  facetOffsets: Int32Array;
  facet: Int32Array;
  label: Int32Array;
  parents: string[];
  communities: string[];
  facetIds: string[];
  labelPairs: string[];
}

export function codeRecords(records: readonly ExtractedRecord[]): CodedRecords {
  const n = records.length;
  // Codes in first-seen order, as a RunDictionary gives them (here: one per chunk).
  const parents = new RunDictionary();
  const communities = new RunDictionary();
  const facetIds = new RunDictionary();
  const labelPairs = new RunDictionary();
  const parent = new Int32Array(n);
  const communityOffsets = new Int32Array(n + 1);
  const facetOffsets = new Int32Array(n + 1);
  let communityCount = 0;
  let facetCount = 0;
  for (let i = 0; i < n; i++) {
    communityCount += records[i].communities.length;
    facetCount += records[i].facets.length;
  }
  const community = new Int32Array(communityCount);
  const facet = new Int32Array(facetCount);
  const label = new Int32Array(facetCount);
  let c = 0;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const record = records[i];
    parent[i] = record.parent === "" ? -1 : parents.intern(record.parent);
    communityOffsets[i] = c;
    for (const text of record.communities) community[c++] = communities.intern(text);
    facetOffsets[i] = f;
    for (let j = 0; j < record.facets.length; j++, f++) facet[f] = facetIds.intern(record.facets[j]);
    for (let j = 0; j < record.labels.length; j++) label[facetOffsets[i] + j] = record.labels[j] === "" ? -1 : labelPairs.intern(record.labels[j]);
  }
  communityOffsets[n] = c;
  facetOffsets[n] = f;
  return {
    ids: records.map((record) => record.id),
    parent,
    communityOffsets,
    community,
    facetOffsets,
    facet,
    label,
    parents: parents.strings,
    communities: communities.strings,
    facetIds: facetIds.strings,
    labelPairs: labelPairs.strings,
  };
}

/** The records again (the metadata cache keeps them as they were extracted). */
export function decodeRecords(coded: CodedRecords): ExtractedRecord[] {
  return coded.ids.map((id, i) => {
    const facets: string[] = [];
    const labels: string[] = [];
    for (let f = coded.facetOffsets[i]; f < coded.facetOffsets[i + 1]; f++) {
      facets.push(coded.facetIds[coded.facet[f]]);
      labels.push(coded.label[f] < 0 ? "" : coded.labelPairs[coded.label[f]]);
    }
    const communities: string[] = [];
    for (let c = coded.communityOffsets[i]; c < coded.communityOffsets[i + 1]; c++) communities.push(coded.communities[coded.community[c]]);
    return { id, parent: coded.parent[i] < 0 ? "" : coded.parents[coded.parent[i]], communities, facets, labels };
  });
}
