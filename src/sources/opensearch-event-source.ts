// OpenSearch as an event source: the view and download aliases of invenio-stats, each
// read through a point in time, shard by shard, several shards side by side; every
// search page goes to the workers as it arrived (a `search-hits` chunk: the response
// bytes in shared memory), so the coordinator never parses an event. Records and
// membership come from their indices (opensearch-metadata.ts).
//
//   const source = createOpenSearchEventSource({ client, url, indexPrefix: "", range });
//   await runAggregation(source, options);

import { EVENT_TYPE, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { displayUrl } from "../opensearch/client.js";
import { interleave } from "../opensearch/interleave.js";
import { openAliasScan, type AliasScan } from "../opensearch/alias-scan.js";
import { isIndexNotFound, OpenSearchError } from "../opensearch/opensearch-errors.js";
import type { ShardUnit } from "../opensearch/shard-units.js";
import type { EventSource, SourceChunk, SourceDayRange } from "./event-source.js";
import { loadOpenSearchMetadata } from "./opensearch-metadata.js";
import { loadOpenSearchMetadataSince } from "./opensearch-metadata-since.js";
import { EVENT_FIELD_NAMES } from "../parse/event-fields.js";
import { eventQuery } from "./opensearch-source-fields.js";
import { resolveSourceOptions, type OpenSearchSourceOptions, type ResolvedSourceOptions } from "./opensearch-source-options.js";

export type { OpenSearchSourceOptions } from "./opensearch-source-options.js";

interface EventScan {
  scan: AliasScan;
  fileType: EventTypeCode;
}

// The events' points in time live from the record id count (metadata) to the last
// page; the records are fetched in between, so they get more than one page's keep-alive.
const EVENT_KEEP_ALIVE = "5m";

export function createOpenSearchEventSource(options: OpenSearchSourceOptions): EventSource {
  const o = resolveSourceOptions(options);
  let scans: Promise<EventScan[]> | undefined;
  // The first pass reads the scans opened for the metadata; a later pass (a day window
  // of the bounded-memory mode) opens its own, on its own range.
  let firstPassTaken = false;
  let fetched = 0;
  let total = 0;
  const open = (range: SourceDayRange | null) => {
    scans ??= openEventScans(o, range).then((list) => {
      total = list.reduce((sum, { scan }) => sum + scan.total, 0);
      return list;
    });
    return scans;
  };
  return {
    async loadMetadata(receiver, onReject) {
      const list = await open(o.range);
      await loadOpenSearchMetadata(
        o,
        list.map(({ scan }) => scan),
        receiver,
        onReject,
      );
    },
    // The cache holds records by id, whatever the range: the cluster and indices are the key.
    metadataCacheKey: async () => JSON.stringify({ opensearch: displayUrl(o.url), records: o.recordsIndex, membership: o.membershipIndex }),
    async loadMetadataSince(receiver, onReject, cached) {
      const list = await open(o.range);
      await loadOpenSearchMetadataSince(
        o,
        list.map(({ scan }) => scan),
        receiver,
        onReject,
        cached,
      );
    },
    async estimateEvents(range: SourceDayRange | null) {
      const list = await open(o.range ?? range);
      return list.reduce((sum, { scan }) => sum + scan.total, 0);
    },
    async *chunks(chunkSize: number, range: SourceDayRange | null): AsyncGenerator<SourceChunk> {
      const list = firstPassTaken ? await openEventScans(o, narrower(o.range, range)) : await open(o.range ?? range);
      firstPassTaken = true;
      // Only the fields the engine reads (a facet whole: it may be an object, a list or a string).
      const request = { source: o.filterSource ? EVENT_FIELD_NAMES : undefined, pageSize: chunkSize };
      const units = list.flatMap(({ scan, fileType }) => scan.units.map((unit) => ({ scan, unit, fileType })));
      const read = ({ scan, unit, fileType }: { scan: AliasScan; unit: ShardUnit; fileType: EventTypeCode }) =>
        tagged(scan.read(unit, request), scan.index, fileType);
      try {
        for await (const chunk of interleave(units, o.slices, read)) {
          fetched += chunk.lineCount;
          yield chunk;
        }
      } finally {
        // Read (or given up): the points in time are of no more use.
        await Promise.all(list.map(({ scan }) => scan.close()));
      }
    },
    progress: () => ({ done: Math.min(fetched, total), total }),
    async close() {
      const list = await scans?.catch(() => []);
      await Promise.all((list ?? []).map(({ scan }) => scan.close()));
    },
  };
}

/** A window's days within the run's range (either may be open). */
function narrower(run: SourceDayRange | null, window: SourceDayRange | null): SourceDayRange | null {
  if (run === null) return window;
  if (window === null) return run;
  const max = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));
  const min = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));
  return { startDay: max(run.startDay, window.startDay), endDay: min(run.endDay, window.endDay) };
}

async function* tagged(pages: AsyncGenerator<{ bytes: Uint8Array; hits: number }>, alias: string, fileType: EventTypeCode): AsyncGenerator<SourceChunk> {
  for await (const page of pages) {
    // `lineCount` sizes the worker's columns: the hit count's upper bound is safe.
    yield { format: "search-hits", source: alias, fileType, firstLine: 1, lineCount: page.hits, bytes: page.bytes };
  }
}

/** Opens both aliases; one may be absent (a repository without downloads), not both. */
async function openEventScans(o: ResolvedSourceOptions, range: SourceDayRange | null): Promise<EventScan[]> {
  const query = eventQuery(range);
  const aliases: [string, EventTypeCode][] = [
    [o.viewAlias, EVENT_TYPE.view],
    [o.downloadAlias, EVENT_TYPE.download],
  ];
  const opened = await Promise.allSettled(aliases.map(([index]) => openAliasScan(o.client, o.url, { index, query, keepAlive: EVENT_KEEP_ALIVE })));
  const scans: EventScan[] = [];
  opened.forEach((result, i) => {
    if (result.status === "fulfilled") scans.push({ scan: result.value, fileType: aliases[i][1] });
  });
  const failure = opened.find((result): result is PromiseRejectedResult => result.status === "rejected" && !isIndexNotFound(result.reason));
  if (failure !== undefined || scans.length === 0) {
    await Promise.all(scans.map(({ scan }) => scan.close()));
    if (failure !== undefined) throw failure.reason;
    throw new OpenSearchError("index-not-found", `index not found: ${o.viewAlias} and ${o.downloadAlias}, no usage events to read (at ${displayUrl(o.url)})`);
  }
  return scans;
}
