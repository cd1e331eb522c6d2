// The coordinator: source -> record index -> encode & enrich chunks (workers) -> unify
// dictionaries -> group partitions (workers) -> documents. The backends differ only in
// how the kernels run (in process, on a worker pool) or, for `search`, in the group stage.

import type { ChunkCounts, EncodeConfig, EncodedChunk, RejectedLine } from "../enrich/encode-chunk.js";
import { emptyCounts } from "../enrich/encode-chunk.js";
import { RecordIndexBuilder } from "../enrich/build-record-index.js";
import { buildDocuments } from "../documents/build-documents.js";
import type { ItemMetrics } from "../group/group-partition.js";
import { LabelVotes } from "../merge/label-votes.js";
import { createRunDictionaries } from "../merge/run-dictionaries.js";
import { formatDay, formatTimestamp, parseDayString } from "../model/day.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { InvalidInputError, UsageError } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import type { EventSource, SourceDayRange } from "../sources/event-source.js";
import { encodeEvents } from "./encode-events.js";
import { createInProcessTransport, type EngineTransport } from "./engine-transport.js";
import { groupWithTransport } from "./group-with-transport.js";
import { planGroups } from "./group-plan.js";
import { loadMetadata } from "./load-metadata.js";
import { createWorkerPoolTransport } from "./worker-pool-transport.js";
import { compareDocuments } from "./search-backend/compare-documents.js";
import { groupWithSearch, type SearchBackendConfig, type SearchBackendReport } from "./search-backend/group-with-search.js";

export type Backend = "memory" | "parallel" | "search";

export interface EngineOptions {
  start?: string;
  end?: string;
  communities?: string[];
  backend: Backend;
  threads: number;
  chunkSize: number;
  onInvalid: "skip" | "fail";
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
}

export interface ProgressUpdate {
  phase: "metadata" | "events" | "group" | "documents";
  done: number;
  total: number;
  events: number;
}

export interface AggregateHooks {
  /** Every rejected input row, in input order. */
  onReject?: (reject: RejectedLine) => void;
  onProgress?: (update: ProgressUpdate) => void;
  /** Reuse a transport (tests and benchmarks); it is not closed. */
  transport?: EngineTransport;
  /** The cluster (and options) of the `search` backend; required with it. */
  search?: SearchBackendConfig;
}

export interface AggregateResult {
  documents: UsageDeltaDocument[];
  summary: RunSummary;
  /** The `search` backend's report (temporary index, searches, deviation from exact). */
  search?: SearchBackendReport;
}

export async function runAggregation(source: EventSource, options: EngineOptions, hooks: AggregateHooks = {}): Promise<AggregateResult> {
  const startedAt = new Date();
  const clock = stopwatch();
  const range = parseRange(options.start, options.end);
  const transport = hooks.transport ?? (options.backend === "memory" ? createInProcessTransport() : createWorkerPoolTransport(options.threads));
  const progress = (phase: ProgressUpdate["phase"], events: number) => hooks.onProgress?.({ phase, ...source.progress(), events });
  try {
    progress("metadata", 0);
    let metadataRejected = 0;
    const builder = new RecordIndexBuilder();
    await loadMetadata(source, builder, transport, (reject) => {
      if (options.onInvalid === "fail") throw new InvalidInputError(reject.source, reject.line, reject.reason);
      metadataRejected++;
      hooks.onReject?.(reject);
    });
    const { buffers: index, strings } = builder.finish();
    const metadataMs = clock.lap();

    const run = createRunDictionaries(strings);
    const votes = new LabelVotes();
    const config: EncodeConfig = {
      startDay: range === null || Number.isNaN(range.startDay) ? null : range.startDay,
      endDay: range === null || Number.isNaN(range.endDay) ? null : range.endDay,
      includeRobots: options.includeRobots,
      excludeMachines: options.excludeMachines,
      excludeApi: options.excludeApi,
      stopAtFirstInvalid: options.onInvalid === "fail",
    };
    const chunks = await encodeEvents({
      source, transport, index, config, chunkSize: options.chunkSize, range, run, votes,
      onReject: hooks.onReject,
      onChunk: (events) => progress("events", events),
    });
    const encodeMs = clock.lap();

    const counts = sumCounts(chunks);
    const days = resolveRange(range, chunks);
    const plan = days === null ? null : planGroups(days.startDay, days.endDay, options.communities, run);
    progress("group", counts.counted);
    const searched = plan !== null && options.backend === "search" ? await groupWithSearch(hooks.search, chunks, run, plan) : undefined;
    const items: ItemMetrics[] = plan === null ? [] : searched?.items ?? (await groupWithTransport(transport, chunks, run, plan));
    const groupMs = clock.lap();

    const documentsOf = (metrics: ItemMetrics[]) => plan === null ? [] : buildDocuments(metrics, {
      communities: plan.communities,
      startDay: plan.startDay,
      dayCount: plan.dayCount,
      facetIds: run.facetId.strings,
      labels: votes.winners(run.labelPair),
      timestamp: formatTimestamp(startedAt),
    });
    const documents = documentsOf(items);
    const documentsMs = clock.lap();
    if (searched !== undefined && plan !== null && hooks.search?.compareExact === true) {
      searched.report.comparison = compareDocuments(documentsOf(await groupWithTransport(transport, chunks, run, plan)), documents);
    }

    return {
      documents,
      ...(searched === undefined ? {} : { search: searched.report }),
      summary: {
        backend: options.backend,
        threads: transport.partitions,
        chunkSize: options.chunkSize,
        counts,
        metadataRejected,
        records: builder.recordCount,
        range: plan === null ? null : { start: formatDay(plan.startDay), end: formatDay(plan.startDay + plan.dayCount - 1) },
        communities: plan === null ? 0 : plan.communities.length,
        documents: documents.length,
        rejectsPath: null,
        timingsMs: { total: clock.total(), metadata: metadataMs, encode: encodeMs, group: groupMs, documents: documentsMs },
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      },
    };
  } finally {
    if (hooks.transport === undefined) await transport.close();
    await source.close();
  }
}

/** The requested bounds; each one left out is NaN until the events say (see resolveRange). */
function parseRange(start: string | undefined, end: string | undefined): SourceDayRange | null {
  if (start === undefined && end === undefined) return null;
  const startDay = start === undefined ? NaN : parseDayString(start);
  const endDay = end === undefined ? NaN : parseDayString(end);
  if (start !== undefined && Number.isNaN(startDay)) throw new UsageError(`--start: not a day (YYYY-MM-DD): ${start}`);
  if (end !== undefined && Number.isNaN(endDay)) throw new UsageError(`--end: not a day (YYYY-MM-DD): ${end}`);
  if (endDay < startDay) throw new UsageError(`--end ${end} is before --start ${start}`);
  return { startDay, endDay };
}

/**
 * A bound left out is the first (last) day of any valid event, whatever its flags or
 * the other bound. Null: no day to report (no valid event, or the range is empty).
 */
function resolveRange(requested: SourceDayRange | null, chunks: readonly EncodedChunk[]): SourceDayRange | null {
  let firstDay = Infinity, lastDay = -Infinity;
  for (const chunk of chunks) {
    if (chunk.minDay < firstDay) firstDay = chunk.minDay;
    if (chunk.maxDay > lastDay) lastDay = chunk.maxDay;
  }
  const startDay = requested === null || Number.isNaN(requested.startDay) ? firstDay : requested.startDay;
  const endDay = requested === null || Number.isNaN(requested.endDay) ? lastDay : requested.endDay;
  return Number.isFinite(startDay) && Number.isFinite(endDay) && startDay <= endDay ? { startDay, endDay } : null;
}

function sumCounts(chunks: readonly EncodedChunk[]): ChunkCounts {
  const total = emptyCounts();
  for (const chunk of chunks) {
    for (const key of Object.keys(total) as (keyof ChunkCounts)[]) total[key] += chunk.counts[key];
  }
  return total;
}

function stopwatch() {
  const start = performance.now();
  let last = start;
  return {
    lap(): number { const now = performance.now(); const ms = now - last; last = now; return Math.round(ms); },
    total(): number { return Math.round(performance.now() - start); },
  };
}
