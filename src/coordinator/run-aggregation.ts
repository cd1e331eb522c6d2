// The coordinator: source -> record index -> encode & enrich chunks (workers) -> unify
// dictionaries -> group partitions (workers) -> documents. The backends differ only in
// how the kernels run (in process, on a worker pool) or, for `search`, in the group stage.
// The planner picks the backend and the shape of the run: a single pass that keeps
// every event (run-single-pass.ts), or a scan and day windows (run-windowed.ts).

import { RecordIndexBuilder } from "../records/build-record-index.js";
import { eventDayBounds } from "../parse/event-limits.js";
import { emptyCounts, type RejectedLine } from "../model/chunk-types.js";
import { formatDay, formatTimestamp, parseDayString } from "../model/day.js";
import { InvalidInputError, UsageError } from "../model/errors.js";
import { GLOBAL_COMMUNITY } from "../model/subcount-keys.js";
import type { EventSource, SourceDayRange } from "../sources/event-source.js";
import { createInProcessTransport } from "./engine-transport.js";
import { loadMetadata } from "./load-metadata.js";
import type { MetadataCacheReport } from "./load-metadata-cached.js";
import { MemoryGuard } from "./memory-guard.js";
import { softLimit } from "../model/process-limits.js";
import { MEASURED, planRun } from "./plan-run.js";
import { stopwatch, type RunContext } from "./run-context.js";
import { RunInterrupted, throwIfStopped } from "../model/run-interruption.js";
import { runSinglePass } from "./run-single-pass.js";
import { runWindowed } from "./run-windowed.js";
import { createWorkerPoolTransport } from "./worker-pool-transport.js";
import { resolveEngineOptions, type AggregateHooks, type AggregateResult, type EngineOptions, type ProgressUpdate } from "./engine-options.js";

/**
 * Events of each type every worker encodes once before its first chunk (EncodeTask.warmUp).
 * Measured on 1M events pinned to one core (bench/analysis.md): 50 lines warmed too little,
 * 1,000 cost more than they saved.
 */
const WARM_UP_LINES = 100;

export type { Backend } from "../model/backend.js";
export type { AggregateHooks, AggregateResult, EngineOptions, ProgressUpdate } from "./engine-options.js";
export { ENGINE_DEFAULTS } from "./engine-options.js";

export async function runAggregation(source: EventSource, given: EngineOptions = {}, hooks: AggregateHooks = {}): Promise<AggregateResult> {
  const options = resolveEngineOptions(given);
  const startedAt = new Date();
  const clock = stopwatch();
  const range = parseRange(options.start, options.end);
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    hooks.onNote?.(text);
  };
  const budget = options.maxMemoryBytes;
  const readOnce = await source.readOnce?.();
  const plan = planRun({
    requested: options.backend,
    estimatedEvents: await source.estimateEvents?.(range),
    maxMemoryBytes: budget,
    bytesPerEvent: options.bytesPerEvent ?? MEASURED.bytesPerEvent,
    threads: options.threads,
    threadsGiven: options.threadsGiven,
    budgetGiven: options.maxMemoryGiven,
    recordBytes: await source.recordBytes?.(),
    readOnce,
    forcedWindowEvents: options.windowEvents,
    addressSpaceBytes: softLimit("Max address space"),
  });
  for (const line of plan.explanation) note(line);
  if (plan.refusal !== undefined) {
    await source.close();
    throw new UsageError(plan.refusal);
  }
  const windowEvents = options.windowEvents ?? plan.windowEvents;
  const transport =
    hooks.transport ?? (plan.backend === "parallel" ? await createWorkerPoolTransport(plan.threads ?? options.threads) : createInProcessTransport());
  const progress = (phase: ProgressUpdate["phase"], events: number, extra?: Partial<ProgressUpdate>) =>
    hooks.onProgress?.({ phase, ...source.progress(), events, ...extra });
  const builder = new RecordIndexBuilder();
  try {
    if (transport.warmUp !== undefined) transport.warmUp(((await source.sampleChunks?.(WARM_UP_LINES)) ?? []).map((chunk) => ({ sequence: -1, ...chunk })));
    progress("metadata", 0, { done: 0, total: 0 });
    let metadataRejected = 0;
    const onMetadataReject = (reject: RejectedLine) => {
      if (options.onInvalid === "fail") throw new InvalidInputError(reject.source, reject.line, reject.reason);
      metadataRejected++;
      hooks.onReject?.(reject);
    };
    let metadataCache: MetadataCacheReport | null = null;
    // Records arrive between awaits (worker replies, pages): a timer reads how far the load is.
    const metadataTicker = setInterval(
      () => progress("metadata", 0, { done: 0, total: 0, records: builder.recordCount, membership: builder.membershipCount }),
      200,
    );
    try {
      if (options.metadataCacheDir === undefined) await loadMetadata(source, builder, transport, onMetadataReject);
      else {
        // Loaded only for a run that keeps a cache (it brings node:crypto and node:readline).
        const { loadMetadataCached } = await import("./load-metadata-cached.js");
        metadataCache = await loadMetadataCached(source, builder, transport, onMetadataReject, options.metadataCacheDir, note);
      }
    } finally {
      clearInterval(metadataTicker);
    }
    progress("metadata", 0, { done: 0, total: 0, records: builder.recordCount, membership: builder.membershipCount });
    throwIfStopped(hooks.signal);
    const { buffers: index, strings } = builder.finish();
    const metadataMs = clock.lap();

    const ctx: RunContext = {
      source,
      options,
      hooks,
      transport,
      backend: plan.backend,
      autoBackend: options.backend === "auto",
      guard: new MemoryGuard(budget),
      index,
      strings,
      range,
      readOnce,
      floorBytes: plan.floorBytes,
      timestamp: formatTimestamp(startedAt),
      eventDays: eventDayBounds(startedAt.getTime()),
      progress,
      note,
      notes,
      documentsMs: 0,
    };
    let outcome = windowEvents === undefined ? await runSinglePass(ctx) : await runWindowed(ctx, windowEvents);
    if (outcome.restartWindowed !== undefined) outcome = await runWindowed(ctx, outcome.restartWindowed);
    const eventsMs = clock.lap();
    const { pass, days, communities, documents } = outcome;
    return {
      documents,
      ...(outcome.search === undefined ? {} : { search: outcome.search }),
      summary: {
        backend: ctx.backend,
        threads: transport.partitions,
        chunkSize: options.chunkSize,
        counts: pass.counts,
        metadataRejected,
        records: builder.recordCount,
        range: days === null ? null : { start: formatDay(days.startDay), end: formatDay(days.endDay) },
        communities: days === null ? 0 : communities,
        documents: documents.length,
        windows: outcome.windows,
        plan: notes,
        incomplete: outcome.incomplete ?? null,
        metadataCache,
        rejectsPath: null,
        unknownCommunities: (options.communities ?? []).filter((community) => community !== GLOBAL_COMMUNITY && !strings.communities.includes(community)),
        timingsMs: {
          total: clock.total(),
          metadata: metadataMs,
          encode: outcome.encodeMs,
          group: Math.max(0, eventsMs - outcome.encodeMs - Math.round(ctx.documentsMs)),
          documents: Math.round(ctx.documentsMs),
        },
        peakRssBytes: Math.max(process.resourceUsage().maxRSS * 1024, ctx.guard.peakBytes),
      },
    };
  } catch (error) {
    // A timeout before any day was complete (reading the metadata, the tallying scan, a
    // single pass): no documents, and a summary that says so, like any timed-out run.
    if (!(error instanceof RunInterrupted && error.reason === "timeout")) throw error;
    const notDone =
      range !== null && Number.isFinite(range.startDay) && Number.isFinite(range.endDay)
        ? { start: formatDay(range.startDay), end: formatDay(range.endDay) }
        : null;
    return {
      documents: [],
      summary: {
        backend: plan.backend,
        threads: transport.partitions,
        chunkSize: options.chunkSize,
        counts: emptyCounts(),
        metadataRejected: 0,
        records: builder.recordCount,
        range: null,
        communities: 0,
        unknownCommunities: [],
        documents: 0,
        windows: 0,
        plan: notes,
        incomplete: { reason: "timeout", notDone },
        metadataCache: null,
        rejectsPath: null,
        timingsMs: { total: clock.total(), metadata: 0, encode: 0, group: 0, documents: 0 },
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
