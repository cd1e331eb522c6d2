// `usage-delta generate --to-opensearch`: a generated dataset (the four NDJSON files)
// indexed the way an InvenioRDM instance holds it: monthly event indices behind the
// invenio-stats aliases (the dashboard's strict templates), records behind
// `rdmrecords-records`, membership events in yearly indices behind
// `stats-community-events`. Lines that are not JSON objects are skipped; the rest go in
// as they are, and what a strict mapping refuses (a bad timestamp, an unknown field) is
// counted. Document ids name the file and line (`views-12`), so a second load replaces.

import { join } from "node:path";
import type { Client } from "@opensearch-project/opensearch";
import { parseTimestampMs } from "../model/day.js";
import type { BulkOperation } from "../opensearch/bulk-writer.js";
import { bulkLoadFile, type BulkLoadOptions, type BulkLoadReport } from "./opensearch-bulk-load.js";
import { LoadIndices } from "./opensearch-load-indices.js";
import {
  EVENT_FAMILIES,
  eventAlias,
  eventTemplate,
  MEMBERSHIP_BASE,
  membershipTemplate,
  RECORDS_INDEX,
  recordsIndexBody,
  type EventFamily,
} from "./opensearch-templates.js";

export interface IndexDatasetOptions {
  client: Client;
  url: string;
  /** Directory with views.ndjson, downloads.ndjson, records.ndjson, membership.ndjson. */
  dir: string;
  indexPrefix?: string;
  /** Replicas of the new indices (0: a single node cannot place one). */
  replicas?: number;
  bulk?: BulkLoadOptions;
}

export interface IndexDatasetReport {
  views: BulkLoadReport;
  downloads: BulkLoadReport;
  records: BulkLoadReport;
  membership: BulkLoadReport;
  /** Every index written to. */
  indices: string[];
  ms: number;
}

const FILES: Record<EventFamily, "views" | "downloads"> = { "record-view": "views", "file-download": "downloads" };

export async function indexDatasetToOpenSearch(options: IndexDatasetOptions): Promise<IndexDatasetReport> {
  const started = performance.now();
  const { client, url, dir } = options;
  const prefix = options.indexPrefix ?? "";
  const replicas = options.replicas ?? 0;
  const indices = new LoadIndices(client, url);
  for (const family of EVENT_FAMILIES) await indices.installTemplate(`${eventAlias(prefix, family)}-v2.0.0`, eventTemplate(prefix, family, replicas));
  await indices.installTemplate(`${prefix}${MEMBERSHIP_BASE}-v1.0.0`, membershipTemplate(prefix, replicas));
  try {
    const load = (file: string, toOperation: (line: string, n: number) => BulkOperation | null | Promise<BulkOperation | null>) =>
      bulkLoadFile(client, join(dir, `${file}.ndjson`), toOperation, options.bulk);
    const events = {} as Record<"views" | "downloads", BulkLoadReport>;
    for (const family of EVENT_FAMILIES) {
      const file = FILES[family];
      const month = periodOf(7);
      events[file] = await load(file, async (line, n) => {
        const doc = parseObject(line);
        if (doc === undefined) return null;
        const index = `${eventAlias(prefix, family)}-${month(doc.timestamp)}`;
        await indices.ensure(index);
        return { index, id: `${file}-${n}`, source: line };
      });
    }
    const recordsIndex = `${prefix}${RECORDS_INDEX}`;
    const records = await load("records", async (line, n) => {
      const doc = parseObject(line);
      if (doc === undefined) return null;
      await indices.ensure(recordsIndex, recordsIndexBody(prefix, replicas) as Record<string, unknown>);
      return { index: recordsIndex, id: typeof doc.id === "string" && doc.id !== "" ? doc.id : `records-${n}`, source: line };
    });
    const year = periodOf(4);
    const membership = await load("membership", async (line, n) => {
      const doc = parseObject(line);
      if (doc === undefined) return null;
      const index = `${prefix}${MEMBERSHIP_BASE}-${year(doc.event_date)}`;
      await indices.ensure(index);
      return { index, id: `membership-${n}`, source: line };
    });
    await indices.finish();
    return { ...events, records, membership, indices: indices.names.sort(), ms: Math.round(performance.now() - started) };
  } catch (error) {
    await indices.finish().catch(() => {});
    throw error;
  }
}

function parseObject(line: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * `YYYY-MM` (length 7) or `YYYY` (4) of a date text. A document without a valid date
 * (the mapping will likely refuse it, but it must go somewhere) goes with the document
 * before it, or into the current period.
 */
function periodOf(length: 4 | 7): (date: unknown) => string {
  let last = new Date().toISOString().slice(0, length);
  return (date) => {
    if (typeof date === "string" && !Number.isNaN(parseTimestampMs(date, false))) last = date.slice(0, length);
    return last;
  };
}
