// The synthetic repository's records: works (parents) with one or more versions, each
// version its own record with its own files. Also the "unknown" records: ids that events
// reference but records.ndjson lacks (deleted or never indexed).

import { makeUniqueRecordId, makeUuid } from "./ids.js";
import { Random } from "./random.js";
import { generateFiles, filesDocument, type FileInfo } from "./record-files.js";
import { generateWorkMetadata } from "./record-metadata.js";
import { fundingWithAwards, parentCommunities, recordAccess, recordPids } from "./record-shape.js";
import { recordFacets } from "./event-facets.js";
import type { EventFacets, RecordDocument } from "./shapes.js";
import { WeightedSampler, zipfWeights } from "./weighted-sampler.js";

export interface RecordEntry {
  recid: string;
  parentId: string;
  bucketId: string;
  files: FileInfo[];
  /** Null for an unknown record: events name it, records.ndjson does not hold it. */
  doc: RecordDocument | null;
  facets: EventFacets | null;
  /** The parent's current communities (`parent.communities.ids`). */
  communityIds: string[];
}

/** A record of records.ndjson. */
export interface KnownRecord extends RecordEntry {
  doc: RecordDocument;
  facets: EventFacets;
}

export interface RecordOptions {
  seed: number;
  count: number;
  communityIds: readonly string[];
  /** First day of the event period: records are created and updated before it. */
  startMs: number;
}

const DAY_MS = 86_400_000;

/** `2024-05-06T12:34:56.789000+00:00`, InvenioRDM's timestamp form. */
function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000+00:00");
}

function versionCount(rng: Random): number {
  const r = rng.next();
  return r < 0.7 ? 1 : r < 0.88 ? 2 : r < 0.95 ? 3 : rng.between(4, 6);
}

function communityCount(rng: Random): number {
  const r = rng.next();
  return r < 0.3 ? 0 : r < 0.75 ? 1 : r < 0.93 ? 2 : 3;
}

export function generateRecords(options: RecordOptions): KnownRecord[] {
  const rng = Random.derive(options.seed, "records");
  const communitySampler = new WeightedSampler(zipfWeights(options.communityIds.length, 0.7, 1));
  const taken = new Set<string>();
  const records: KnownRecord[] = [];
  while (records.length < options.count) {
    const parentId = makeUniqueRecordId(rng, taken);
    const versions = Math.min(versionCount(rng), options.count - records.length);
    let createdMs = options.startMs - rng.between(2, 3 * 365) * DAY_MS + rng.int(DAY_MS);
    const work = generateWorkMetadata(rng, new Date(createdMs).toISOString().slice(0, 10));
    const funding = work.metadata.funding;
    if (funding !== undefined)
      work.metadata.funding = fundingWithAwards(
        funding.map((f) => f.funder),
        parentId,
      );
    const communityIds: string[] = [];
    const wanted = Math.min(communityCount(rng), options.communityIds.length);
    while (communityIds.length < wanted) {
      const id = options.communityIds[communitySampler.sample(rng)];
      if (!communityIds.includes(id)) communityIds.push(id);
    }
    for (let index = 1; index <= versions; index++) {
      const recid = makeUniqueRecordId(rng, taken);
      const files = work.access === "metadata-only" ? [] : generateFiles(rng, rng.geometric(1.6, 6));
      const updatedMs = Math.min(createdMs + rng.int(200) * DAY_MS + rng.int(DAY_MS), options.startMs - 1000);
      const doc: RecordDocument = {
        id: recid,
        pids: recordPids(recid),
        parent: { id: parentId, communities: parentCommunities(communityIds) },
        versions: { index, is_latest: index === versions },
        created: isoTimestamp(createdMs),
        updated: isoTimestamp(Math.max(updatedMs, createdMs)),
        is_published: true,
        access: recordAccess(work.access),
        files: filesDocument(files, rng.chance(0.1)),
        metadata: work.metadata,
        custom_fields: work.customFields,
      };
      const facets = recordFacets(
        doc,
        files.map((file) => file.ext),
      );
      records.push({ recid, parentId, bucketId: makeUuid(rng), files, doc, facets, communityIds });
      createdMs = Math.min(createdMs + rng.between(1, 120) * DAY_MS, options.startMs - DAY_MS);
    }
  }
  return records;
}

/**
 * Records that events reference but the record file lacks (deleted, never indexed); ids
 * never collide with known ones. `communityIds` are those their enriched events carry.
 */
export function generateUnknownRecords(seed: number, count: number, known: readonly RecordEntry[], communityIds: readonly string[]): RecordEntry[] {
  const rng = Random.derive(seed, "unknown-records");
  const taken = new Set<string>();
  for (const record of known) {
    taken.add(record.recid);
    taken.add(record.parentId);
  }
  const unknown: RecordEntry[] = [];
  for (let i = 0; i < count; i++) {
    const recid = makeUniqueRecordId(rng, taken);
    const parentId = makeUniqueRecordId(rng, taken);
    const files = generateFiles(rng, rng.geometric(1.5, 4));
    const communities: string[] = [];
    const wanted = Math.min(rng.int(3), communityIds.length);
    while (communities.length < wanted) {
      const id = rng.pick(communityIds);
      if (!communities.includes(id)) communities.push(id);
    }
    unknown.push({ recid, parentId, bucketId: makeUuid(rng), files, doc: null, facets: null, communityIds: communities });
  }
  return unknown;
}
