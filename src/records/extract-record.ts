// What the record index needs from one record document, as strings: pure, so workers
// can extract records in parallel while the coordinator only interns the strings.

import { facetIdText, labelPairText } from "../model/facet-text.js";
import { REJECT_REASONS, type RejectReason } from "../model/reject-reasons.js";
import { FACET_COUNT } from "../model/facets.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { readRecordFacet } from "./facet-values.js";
import { idText } from "../parse/validate-event.js";

export interface ExtractedRecord {
  id: string;
  /** Empty when the record names no parent. */
  parent: string;
  communities: string[];
  /**
   * The record's facet id texts, key by key in key order (a text names its key),
   * deduplicated per key (first label wins). Flat: records cross the thread boundary
   * by the thousand.
   */
  facets: string[];
  /** Parallel to `facets`: the label pair text, or "" without a label. */
  labels: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function extractRecord(value: unknown): ExtractedRecord | RejectReason {
  const id = isObject(value) ? idText(value.id) : undefined;
  if (!isObject(value) || id === undefined) return REJECT_REASONS.missingRecordId;
  const parentDoc = isObject(value.parent) ? value.parent : {};
  const communityDoc = isObject(parentDoc.communities) ? parentDoc.communities : {};
  const communities: string[] = [];
  if (Array.isArray(communityDoc.ids)) {
    for (const c of communityDoc.ids) {
      const community = idText(c);
      if (community !== undefined && community !== GLOBAL_COMMUNITY && !communities.includes(community)) communities.push(community);
    }
  }
  const facets: string[] = [];
  const labels: string[] = [];
  for (let k = 0; k < FACET_COUNT; k++) {
    const keyStart = facets.length;
    readRecordFacet(k, value, (facetId, labelJson) => {
      const text = facetIdText(k, facetId);
      if (facets.indexOf(text, keyStart) !== -1) return;
      facets.push(text);
      labels.push(labelJson === undefined ? "" : labelPairText(text, labelJson));
    });
  }
  return { id, parent: idText(parentDoc.id) ?? "", communities, facets, labels };
}
