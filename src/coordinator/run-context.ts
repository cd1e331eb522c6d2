// What the passes of a run share (the context), what each returns (the outcome), and
// the two stages every pass ends with: grouping its days and building their documents.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { buildDocuments } from "../documents/build-documents.js";
import type { RecordIndexStrings } from "../model/record-index-types.js";
import type { EncodeConfig } from "../model/chunk-types.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import type { ItemMetrics } from "../model/group-types.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import type { UsageDeltaDocument } from "../model/document.js";
import type { RunSummary } from "../model/run-summary.js";
import { pauseForTest } from "../model/test-pause.js";
import type { EventSource, SourceDayRange } from "../sources/event-source.js";
import type { EncodePass } from "./encode-events.js";
import type { EngineTransport } from "./engine-transport.js";
import type { GroupPlan } from "../model/group-types.js";
import { groupWithTransport } from "./group-with-transport.js";
import type { MemoryGuard } from "./memory-guard.js";
import type { Backend } from "../model/backend.js";
import type { AggregateHooks, ProgressUpdate, ResolvedEngineOptions } from "./engine-options.js";
import type { SearchBackendReport } from "../search-backend/group-with-search.js";

/** What every pass and window shares. */
export interface RunContext {
  source: EventSource;
  options: ResolvedEngineOptions;
  hooks: AggregateHooks;
  transport: EngineTransport;
  backend: Backend;
  /** True when the planner chose (the search backend may then take over days too big for memory). */
  autoBackend: boolean;
  guard: MemoryGuard;
  index: RecordIndexBuffers;
  strings: RecordIndexStrings;
  range: SourceDayRange | null;
  /** An event input that can be read only once (a pipe): the memory guard cannot start over in windows. */
  readOnce: string | undefined;
  /** The least the run can use (the planner's floor): the budget less it is left for events and documents. */
  floorBytes: number;
  timestamp: string;
  /** Days an event's timestamp may have (from the run's start). */
  eventDays: { firstDay: number; lastDay: number };
  progress: (phase: ProgressUpdate["phase"], events: number, extra?: Partial<ProgressUpdate>) => void;
  note: (text: string) => void;
  notes: string[];
  /** Time spent building documents so far (ms). */
  documentsMs: number;
}

export interface RunOutcome {
  pass: EncodePass;
  days: SourceDayRange | null;
  communities: number;
  documents: UsageDeltaDocument[];
  windows: number;
  encodeMs: number;
  groupMs: number;
  search?: SearchBackendReport;
  /** The run stopped early: what was not done. */
  incomplete?: RunSummary["incomplete"];
  /** The single pass gave up on memory: run windowed with this many events per window. */
  restartWindowed?: number;
}

export function encodeConfig(ctx: RunContext, keep: SourceDayRange | null, tally: boolean): EncodeConfig {
  const bound = (day: number | undefined) => (day === undefined || Number.isNaN(day) ? null : day);
  return {
    startDay: bound(ctx.range?.startDay),
    endDay: bound(ctx.range?.endDay),
    keepStartDay: bound(keep?.startDay),
    keepEndDay: bound(keep?.endDay),
    tally,
    includeRobots: ctx.options.includeRobots,
    excludeMachines: ctx.options.excludeMachines,
    excludeApi: ctx.options.excludeApi,
    eventCommunitiesOnly: ctx.options.eventCommunitiesOnly === true,
    stopAtFirstInvalid: ctx.options.onInvalid === "fail",
    eventDays: ctx.eventDays,
  };
}

/** The group and documents stages for the days of one plan. */
export async function groupDays(
  ctx: RunContext,
  backend: Backend,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
  labels: ReadonlyMap<string, string>,
): Promise<{ documents: UsageDeltaDocument[]; search?: SearchBackendReport }> {
  // A signal in this stage is honoured by the caller once it ends: the memory backend's
  // grouping holds the thread (the job then writes nothing, see src/job/deliver-documents.ts).
  await pauseForTest("group", ctx.hooks.signal);
  const documentsOf = (items: ItemMetrics[]) =>
    timed(ctx, () =>
      buildDocuments(items, {
        communities: plan.communities,
        startDay: plan.startDay,
        dayCount: plan.dayCount,
        facetIds: run.facetId.strings,
        labels,
        timestamp: ctx.timestamp,
      }),
    );
  if (backend !== "search") return { documents: documentsOf(await groupWithTransport(ctx.transport, chunks, run, plan)) };
  // Loaded on demand: the OpenSearch client costs a file run ~100 ms of start-up.
  const { groupWithSearch } = await import("../search-backend/group-with-search.js");
  const { compareDocuments } = await import("../model/compare-documents.js");
  const searched = await groupWithSearch(ctx.hooks.search, chunks, run, plan);
  const documents = documentsOf(searched.items);
  if (ctx.hooks.search?.compareExact === true) {
    searched.report.comparison = compareDocuments(documentsOf(await groupWithTransport(ctx.transport, chunks, run, plan)), documents);
  }
  return { documents, search: searched.report };
}

/** Runs the documents stage, adding its time to the run's (the group stage's time excludes it). */
function timed<T>(ctx: RunContext, build: () => T): T {
  const started = performance.now();
  const result = build();
  ctx.documentsMs += performance.now() - started;
  return result;
}

export function stopwatch() {
  const start = performance.now();
  let last = start;
  return {
    lap(): number {
      const now = performance.now();
      const ms = now - last;
      last = now;
      return Math.round(ms);
    },
    total(): number {
      return Math.round(performance.now() - start);
    },
  };
}

/**
 * A bound left out is the first (last) day of any valid event, whatever its flags or
 * the other bound. Null: no day to report (no valid event, or the range is empty).
 */
export function resolveRange(requested: SourceDayRange | null, pass: EncodePass): SourceDayRange | null {
  const startDay = requested === null || Number.isNaN(requested.startDay) ? pass.minDay : requested.startDay;
  const endDay = requested === null || Number.isNaN(requested.endDay) ? pass.maxDay : requested.endDay;
  return Number.isFinite(startDay) && Number.isFinite(endDay) && startDay <= endDay ? { startDay, endDay } : null;
}
