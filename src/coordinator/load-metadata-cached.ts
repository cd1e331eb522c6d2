// `--metadata-cache DIR`: the record metadata and membership kept between runs. A file
// source whose record and membership files did not change (size, modification time) is
// not read at all: its cached records, membership and rejected lines stand in. A source
// that can tell what changed (OpenSearch) fetches only that: records updated since the
// copy or not in it, newer membership events. Either way the record index gets exactly
// what a run without the cache would load, and the cache is written anew.

import type { RecordIndexBuilder, OnLineReject } from "../records/build-record-index.js";
import type { OnReject } from "../model/chunk-types.js";
import { UsageError } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import type { CachedMetadata } from "../sources/cached-metadata.js";
import type { EventSource } from "../sources/event-source.js";
import type { EngineTransport } from "./engine-transport.js";
import { codeRecords, decodeRecords } from "../records/record-chunk-codes.js";
import { loadMetadata, type MetadataTarget } from "./load-metadata.js";
import { metadataCachePath, readMetadataCache, writeMetadataCache, type MembershipEntry, type MetadataCacheCopy } from "./metadata-cache-file.js";
import { formatCount } from "../model/format-count.js";

export type MetadataCacheReport = NonNullable<RunSummary["metadataCache"]>;

export async function loadMetadataCached(
  source: EventSource,
  builder: RecordIndexBuilder,
  transport: EngineTransport,
  onReject: OnReject,
  dir: string,
  note: (text: string) => void,
): Promise<MetadataCacheReport> {
  const key = await source.metadataCacheKey?.();
  if (key === undefined) throw new UsageError("--metadata-cache: this source cannot be cached");
  const path = metadataCachePath(dir, key);
  const startedMs = Date.now();
  const copy = await readMetadataCache(path, key).catch((error: unknown) => {
    note(`metadata cache: ${path} cannot be read (${(error as Error).message}), fetching everything`);
    return undefined;
  });
  const report: MetadataCacheReport = {
    path,
    copyFetchedAt: copy === undefined ? null : new Date(copy.fetchedAtMs).toISOString(),
    records: { cached: 0, fetched: 0 },
    membership: { cached: 0, fetched: 0 },
  };
  if (copy !== undefined && source.loadMetadataSince === undefined) {
    replayWhole(copy, builder, onReject, report);
    note(
      `metadata cache: the record and membership files did not change since ${report.copyFetchedAt}: all ${formatCount(copy.records.size)} records from ${path}`,
    );
    return report;
  }
  const next: MetadataCacheCopy = {
    key,
    fetchedAtMs: startedMs,
    records: new Map(copy?.records),
    membership: new Map(copy?.membership),
    rejects: [],
  };
  // A membership event being added: a reject names it (so the cache keeps it with its reason).
  let adding: MembershipEntry | undefined;
  const recordingReject: OnReject = (reject) => {
    if (adding !== undefined) adding.reject = reject;
    next.rejects.push(reject);
    onReject(reject);
  };
  const addMembership = (entry: MembershipEntry, reject: OnLineReject) => {
    adding = entry;
    delete entry.reject;
    try {
      builder.addMembership(entry.value, entry.line, reject);
    } finally {
      adding = undefined;
    }
  };
  // With a copy, fetched membership events replace cached ones by id before any is added.
  const fetchedRejects = new Map<string, OnLineReject>();
  const target: MetadataTarget = {
    addRecords(coded) {
      builder.addRecords(coded);
      for (const record of decodeRecords(coded)) next.records.set(record.id, record);
      report.records.fetched += coded.ids.length;
    },
    addMembership(value, line, reject) {
      report.membership.fetched++;
      const entry: MembershipEntry = { line, value };
      next.membership.set(String(line), entry);
      if (copy === undefined) addMembership(entry, reject);
      else fetchedRejects.set(String(line), reject);
    },
  };
  const cached: CachedMetadata | undefined =
    copy === undefined
      ? undefined
      : {
          fetchedAtMs: copy.fetchedAtMs,
          hasRecord: (id) => next.records.has(id),
          useRecord(id) {
            const record = next.records.get(id);
            if (record === undefined) return;
            builder.addRecords(codeRecords([record]));
            report.records.cached++;
          },
          dropRecord: (id) => {
            next.records.delete(id);
          },
          membershipCount: () => next.membership.size,
          clearMembership() {
            next.membership.clear();
            fetchedRejects.clear();
          },
          note,
        };
  const since = source.loadMetadataSince?.bind(source);
  await loadMetadata(
    source,
    target,
    transport,
    recordingReject,
    cached === undefined || since === undefined ? undefined : (receiver, reject) => since(receiver, reject, cached),
  );
  if (copy !== undefined) {
    for (const [id, entry] of next.membership) {
      const fetched = fetchedRejects.get(id);
      if (fetched !== undefined) addMembership(entry, fetched);
      else if (entry.reject !== undefined) recordingReject(entry.reject);
      else addMembership(entry, (line, reason) => recordingReject({ source: "metadata cache", line, reason, raw: JSON.stringify(entry.value) }));
      if (fetched === undefined) report.membership.cached++;
    }
  }
  const fetched = `fetched ${formatCount(report.records.fetched)} records and ${formatCount(report.membership.fetched)} membership events`;
  note(
    copy === undefined
      ? `metadata cache: no copy for this source yet (or its files changed): ${fetched}, kept in ${path}`
      : `metadata cache: ${formatCount(report.records.cached)} records and ${formatCount(report.membership.cached)} membership events from the copy of ${report.copyFetchedAt}; ${fetched}`,
  );
  await writeMetadataCache(path, dir, next);
  return report;
}

/** Unchanged files: the copy stands whole, rejected lines included (in their order). */
function replayWhole(copy: MetadataCacheCopy, builder: RecordIndexBuilder, onReject: OnReject, report: MetadataCacheReport): void {
  for (const reject of copy.rejects) onReject(reject);
  builder.addRecords(codeRecords([...copy.records.values()]));
  for (const entry of copy.membership.values()) {
    if (entry.reject === undefined) builder.addMembership(entry.value, entry.line, () => {});
  }
  report.records.cached = copy.records.size;
  report.membership.cached = copy.membership.size;
}
