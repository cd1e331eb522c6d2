// The parts of a generated record document that real `rdmrecords-records` documents carry
// beyond what the aggregation reads: persistent identifiers, the parent's community
// `default` and `entries`, awards next to funders, who may see the record and its files,
// the publication flag. All derived from what is drawn already (no random draws), so the
// events of a seed stay the same.

import type { AccessStatus, NamedTerm, RecordDocument } from "./shapes.js";

export function recordPids(recid: string): RecordDocument["pids"] {
  return {
    doi: { identifier: `10.5281/usage-delta.${recid}`, provider: "datacite", client: "datacite" },
    oai: { identifier: `oai:usage-delta.example:${recid}`, provider: "oai" },
  };
}

/** `parent.communities`: the ids, the first as the default, and an entry per community. */
export function parentCommunities(ids: string[]): RecordDocument["parent"]["communities"] {
  if (ids.length === 0) return { ids, entries: [] };
  return { ids, default: ids[0], entries: ids.map((id) => ({ id, slug: id, metadata: { title: id } })) };
}

/** Open records show their files; restricted and embargoed ones only their metadata. */
export function recordAccess(status: AccessStatus): RecordDocument["access"] {
  return { record: "public", files: status === "open" ? "public" : "restricted", embargo: { active: status === "embargoed", reason: null }, status };
}

/** A funder with an id gets an award of that funder (InvenioRDM's `<funder id>::<number>`); one by name only, none. */
export function fundingWithAwards(
  funders: NamedTerm[],
  workId: string,
): { funder: NamedTerm; award?: { id: string; number: string; title: { en: string } } }[] {
  return funders.map((funder, i) => {
    if (funder.id === undefined) return { funder };
    const number = `${workId}-${i + 1}`;
    return { funder, award: { id: `${funder.id}::${number}`, number, title: { en: `Grant ${number}` } } };
  });
}
