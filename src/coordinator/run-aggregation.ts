// The coordinator: record index -> chunks of event lines -> workers encode & enrich ->
// unify dictionaries -> workers group partitions -> documents. Backends differ only in
// the transport that runs the kernels.

import { stat } from "node:fs/promises";
import { EVENT_TYPE, type EventTypeCode } from "../columnar/encoded-chunk.js";
import { buildDocuments } from "../documents/build-documents.js";
import type { RecordIndexBuffers } from "../enrich/record-index.js";
import { emptyCounts, type ChunkCounts, type EncodeConfig, type EncodedChunk, type RejectedLine } from "../enrich/encode-chunk.js";
import { LabelVotes } from "../merge/label-votes.js";
import { createRunDictionaries, type RunDictionaries } from "../merge/run-dictionaries.js";
import { unifyChunk } from "../merge/unify-chunk.js";
import { formatDay, formatTimestamp, parseDayString } from "../model/day.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { InvalidInputError, UsageError } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import { readLineChunks } from "../sources/line-chunks.js";
import { openInput } from "../sources/open-input.js";
import { createInProcessTransport, type EngineTransport } from "./engine-transport.js";
import { loadRecordIndex } from "./load-record-index.js";
import { createWorkerPoolTransport } from "./worker-pool-transport.js";

export type Backend = "memory" | "parallel";

export interface AggregateOptions {
  views: string[];
  downloads: string[];
  records?: string;
  membership?: string;
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
  bytesRead: number;
  totalBytes: number;
  events: number;
}

export interface AggregateHooks {
  /** Every rejected line, in input order. */
  onReject?: (reject: RejectedLine) => void;
  onProgress?: (update: ProgressUpdate) => void;
  /** Reuse a transport (tests and benchmarks); it is not closed. */
  transport?: EngineTransport;
}

export interface AggregateResult {
  documents: UsageDeltaDocument[];
  summary: RunSummary;
}

export async function runAggregation(options: AggregateOptions, hooks: AggregateHooks = {}): Promise<AggregateResult> {
  const startedAt = new Date();
  const clock = stopwatch();
  const range = parseRange(options.start, options.end);
  const transport = hooks.transport ?? (options.backend === "memory" ? createInProcessTransport() : createWorkerPoolTransport(options.threads));
  try {
    let metadataRejected = 0;
    const builder = await loadRecordIndex(options.records, options.membership, (reject) => {
      if (options.onInvalid === "fail") throw new InvalidInputError(reject.source, reject.line, reject.reason);
      metadataRejected++;
      hooks.onReject?.(reject);
    });
    const { buffers: index, strings } = builder.finish();
    const metadataMs = clock.lap();

    const run = createRunDictionaries(strings);
    const votes = new LabelVotes();
    const config: EncodeConfig = {
      startDay: range?.startDay ?? null,
      endDay: range?.endDay ?? null,
      includeRobots: options.includeRobots,
      excludeMachines: options.excludeMachines,
      excludeApi: options.excludeApi,
      stopAtFirstInvalid: options.onInvalid === "fail",
    };
    const encoded = await encodeEvents(options, transport, index, config, run, votes, hooks);
    const encodeMs = clock.lap();

    const counts = sumCounts(encoded);
    const days = range ?? derivedRange(encoded);
    const communities = outputCommunities(options.communities, run);
    let partitions: Awaited<ReturnType<EngineTransport["group"]>>[] = [];
    if (days !== null) {
      const communityOutput = new Int32Array(run.community.size).fill(-1);
      communities.forEach((community, output) => {
        const code = run.community.codeOf(community);
        if (code !== undefined) communityOutput[code] = output;
      });
      const chunkBuffers = encoded.map((chunk) => chunk.buffers).filter((buffers) => buffers.length > 0);
      hooks.onProgress?.({ phase: "group", bytesRead: 0, totalBytes: 0, events: counts.counted });
      partitions = await Promise.all(
        Array.from({ length: transport.partitions }, (_, partition) =>
          transport.group(chunkBuffers, {
            partition,
            partitions: transport.partitions,
            startDay: days.startDay,
            dayCount: days.endDay - days.startDay + 1,
            communityOutput,
            globalOutput: communities.indexOf(GLOBAL_COMMUNITY),
            visitorCount: run.visitor.size,
            recordCount: run.record.size,
            parentCount: run.parent.size,
            fileCount: run.file.size,
          }),
        ),
      );
    }
    const groupMs = clock.lap();

    const documents = days === null ? [] : buildDocuments(partitions, {
      communities,
      startDay: days.startDay,
      dayCount: days.endDay - days.startDay + 1,
      facetIds: run.facetId.strings,
      labels: votes.winners(run.labelPair),
      timestamp: formatTimestamp(startedAt),
    });
    const documentsMs = clock.lap();

    return {
      documents,
      summary: {
        backend: options.backend,
        threads: transport.partitions,
        chunkSize: options.chunkSize,
        counts,
        metadataRejected,
        records: builder.recordCount,
        range: days === null ? null : { start: formatDay(days.startDay), end: formatDay(days.endDay) },
        communities: days === null ? 0 : communities.length,
        documents: documents.length,
        rejectsPath: null,
        timingsMs: { total: clock.total(), metadata: metadataMs, encode: encodeMs, group: groupMs, documents: documentsMs },
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      },
    };
  } finally {
    if (hooks.transport === undefined) await transport.close();
  }
}

interface DayRange { startDay: number; endDay: number }

function parseRange(start: string | undefined, end: string | undefined): DayRange | null {
  if (start === undefined && end === undefined) return null;
  if (start === undefined || end === undefined) throw new UsageError("--start and --end go together (or leave both out to cover every day with events)");
  const startDay = parseDayString(start);
  const endDay = parseDayString(end);
  if (Number.isNaN(startDay)) throw new UsageError(`--start: not a day (YYYY-MM-DD): ${start}`);
  if (Number.isNaN(endDay)) throw new UsageError(`--end: not a day (YYYY-MM-DD): ${end}`);
  if (endDay < startDay) throw new UsageError(`--end ${end} is before --start ${start}`);
  return { startDay, endDay };
}

/** Without --start/--end: the first and last day of any valid event (null: no valid event). */
function derivedRange(chunks: readonly EncodedChunk[]): DayRange | null {
  let startDay = Infinity, endDay = -Infinity;
  for (const chunk of chunks) {
    if (chunk.minDay < startDay) startDay = chunk.minDay;
    if (chunk.maxDay > endDay) endDay = chunk.maxDay;
  }
  return Number.isFinite(startDay) ? { startDay, endDay } : null;
}

/** Requested communities, or every community the run has seen; plus global; sorted. */
function outputCommunities(requested: string[] | undefined, run: RunDictionaries): string[] {
  const names = new Set(requested ?? run.community.strings);
  names.add(GLOBAL_COMMUNITY);
  return [...names].sort();
}

function sumCounts(chunks: readonly EncodedChunk[]): ChunkCounts {
  const total = emptyCounts();
  for (const chunk of chunks) {
    for (const key of Object.keys(total) as (keyof ChunkCounts)[]) total[key] += chunk.counts[key];
  }
  return total;
}

/**
 * Streams every event file through the encode kernel with a bounded number of chunks
 * in flight, unifying each result as it arrives. Rejects are reported in input order.
 */
async function encodeEvents(
  options: AggregateOptions,
  transport: EngineTransport,
  index: RecordIndexBuffers,
  config: EncodeConfig,
  run: RunDictionaries,
  votes: LabelVotes,
  hooks: AggregateHooks,
): Promise<EncodedChunk[]> {
  const files: [string, EventTypeCode][] = [
    ...options.views.map((path): [string, EventTypeCode] => [path, EVENT_TYPE.view]),
    ...options.downloads.map((path): [string, EventTypeCode] => [path, EVENT_TYPE.download]),
  ];
  const totalBytes = await totalSize(files.map(([path]) => path));
  const results: EncodedChunk[] = [];
  const pending = new Set<Promise<void>>();
  let sequence = 0;
  let bytesBefore = 0;
  let events = 0;
  // With --on-invalid fail: the earliest rejected line (by chunk) among the chunks read.
  let firstInvalid: { sequence: number; reject: RejectedLine } | undefined;
  let failure: unknown;

  const submit = (promise: Promise<EncodedChunk>) => {
    const tracked = promise
      .then(
        (chunk) => {
          unifyChunk(chunk, run, votes);
          results[chunk.sequence] = chunk;
          events += chunk.counts.readViews + chunk.counts.readDownloads;
          if (config.stopAtFirstInvalid && chunk.rejects.length > 0 && !(firstInvalid !== undefined && firstInvalid.sequence < chunk.sequence)) {
            firstInvalid = { sequence: chunk.sequence, reject: chunk.rejects[0] };
          }
        },
        (error: unknown) => { failure ??= error; },
      )
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  for (const [path, fileType] of files) {
    const input = openInput(path);
    for await (const chunk of readLineChunks(input.stream, options.chunkSize)) {
      while (pending.size >= transport.inFlight) await Promise.race(pending);
      if (failure !== undefined || firstInvalid !== undefined) break;
      submit(transport.encode({ sequence: sequence++, source: path, fileType, ...chunk }, index, config));
      hooks.onProgress?.({ phase: "events", bytesRead: bytesBefore + input.bytesRead(), totalBytes, events });
    }
    input.stream.destroy();
    bytesBefore += input.bytesRead();
    if (failure !== undefined || firstInvalid !== undefined) break;
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  if (firstInvalid !== undefined) {
    const { source, line, reason } = firstInvalid.reject;
    throw new InvalidInputError(source, line, reason);
  }
  const ordered = results.filter((chunk) => chunk !== undefined);
  for (const chunk of ordered) for (const reject of chunk.rejects) hooks.onReject?.(reject);
  return ordered;
}

async function totalSize(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += (await stat(path)).size;
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
