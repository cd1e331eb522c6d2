// The metadata cache on disk (`--metadata-cache DIR`): one NDJSON file per source (named
// by a hash of its key) with the records as the record index takes them (extracted: a
// small fraction of a record document), the membership events, a file source's rejected
// lines, and when it was all fetched. Replaced whole (temporary name, then rename).
//
//   {"version":2,"facets":"9f2c...","key":"...","fetchedAtMs":1760000000000,"fetchedAt":"2025-10-09T08:53:20.000Z"}
//   {"r":{"id":"abc12","parent":"p1","communities":["c1"],"facets":[[...]],"labels":[[...]]}}
//   {"m":[12,{"record_id":"abc12","community_id":"c1","event_type":"added",...}]}    (file line or document id)
//   {"x":{"source":"records.ndjson","line":7,"reason":"missing record id","raw":"..."}}

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { RejectedLine } from "../model/chunk-types.js";
import type { ExtractedRecord } from "../records/extract-record.js";
import { FACETS } from "../model/facets.js";
import { openLineWriter } from "../sinks/output-file.js";

/** Bumped whenever what is cached (the extracted record, the membership rules) changes. */
const VERSION = 2;

/**
 * The facet table the cached records were extracted under: their facet values are keyed
 * by row position and read by its record paths, so a copy made under another table (a
 * facet added, moved or read elsewhere) is fetched again rather than misread.
 */
const FACETS_FINGERPRINT = createHash("sha256").update(JSON.stringify(FACETS)).digest("hex").slice(0, 16);

export interface MembershipEntry {
  line: number | string;
  value: unknown;
  /** Set when the record index refused it. */
  reject?: RejectedLine;
}

export interface MetadataCacheCopy {
  key: string;
  fetchedAtMs: number;
  records: Map<string, ExtractedRecord>;
  /** By id (file line or document id), in load order. */
  membership: Map<string, MembershipEntry>;
  /** A file source's rejected lines, in the order they were reported. */
  rejects: RejectedLine[];
}

export function metadataCachePath(dir: string, key: string): string {
  return join(dir, `metadata-${createHash("sha256").update(key).digest("hex").slice(0, 16)}.ndjson`);
}

/** The copy for `key`; undefined when there is none (or it is another version's or facet table's); throws when it cannot be read. */
export async function readMetadataCache(path: string, key: string): Promise<MetadataCacheCopy | undefined> {
  const stream = createReadStream(path, "utf8");
  const opened = await new Promise<boolean>((resolve, reject) => {
    stream.once("open", () => resolve(true));
    stream.once("error", (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? resolve(false) : reject(error)));
  });
  if (!opened) return undefined;
  let copy: MetadataCacheCopy | undefined;
  let n = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++;
    const value = JSON.parse(line) as unknown;
    if (n === 1) {
      const header = value as { version?: unknown; facets?: unknown; key?: unknown; fetchedAtMs?: unknown };
      if (header.version !== VERSION || header.facets !== FACETS_FINGERPRINT || header.key !== key || typeof header.fetchedAtMs !== "number") {
        stream.destroy();
        return undefined;
      }
      copy = { key, fetchedAtMs: header.fetchedAtMs, records: new Map(), membership: new Map(), rejects: [] };
      continue;
    }
    addLine(copy as MetadataCacheCopy, value, n);
  }
  return copy;
}

function addLine(copy: MetadataCacheCopy, value: unknown, n: number): void {
  const entry = value as { r?: unknown; m?: unknown; x?: unknown };
  if (isExtractedRecord(entry.r)) copy.records.set(entry.r.id, entry.r);
  else if (Array.isArray(entry.m) && (typeof entry.m[0] === "number" || typeof entry.m[0] === "string")) {
    const [line, member, reject] = entry.m as [number | string, unknown, RejectedLine | undefined];
    copy.membership.set(String(line), reject === undefined ? { line, value: member } : { line, value: member, reject });
  } else if (typeof entry.x === "object" && entry.x !== null) copy.rejects.push(entry.x as RejectedLine);
  else throw new Error(`line ${n} is not a cache entry`);
}

function isExtractedRecord(value: unknown): value is ExtractedRecord {
  const r = value as Partial<ExtractedRecord> | undefined;
  const texts = (v: unknown) => Array.isArray(v) && v.every((text) => typeof text === "string");
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.id === "string" &&
    typeof r.parent === "string" &&
    texts(r.communities) &&
    texts(r.facets) &&
    texts(r.labels) &&
    r.facets?.length === r.labels?.length
  );
}

export async function writeMetadataCache(path: string, dir: string, copy: MetadataCacheCopy): Promise<void> {
  await mkdir(dir, { recursive: true });
  const writer = await openLineWriter(path, "the metadata cache");
  try {
    await writer.write(
      JSON.stringify({
        version: VERSION,
        facets: FACETS_FINGERPRINT,
        key: copy.key,
        fetchedAtMs: copy.fetchedAtMs,
        fetchedAt: new Date(copy.fetchedAtMs).toISOString(),
      }),
    );
    for (const record of copy.records.values()) await writer.write(JSON.stringify({ r: record }));
    for (const { line, value, reject } of copy.membership.values())
      await writer.write(JSON.stringify({ m: reject === undefined ? [line, value] : [line, value, reject] }));
    for (const reject of copy.rejects) await writer.write(JSON.stringify({ x: reject }));
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
