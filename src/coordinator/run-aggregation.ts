// The coordinator: source -> record index -> encode & enrich chunks (workers) -> unify
// dictionaries -> group partitions (workers) -> documents. The backends differ only in
// how the kernels run (in process, on a worker pool) or, for `search`, in the group stage.
//
// Two shapes of run. Single pass: every counted event is kept, then grouped at once.
// Windowed (bounded memory): a tallying scan first (counts, rejects, label votes, the
// range, the communities, events per day; no event kept), then one pass per day window
// that keeps only its days, groups them and lets them go. A day's distinct sets are
// complete within its window, so windows stay exact.

import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { buildDocuments } from "../documents/build-documents.js";
import { RecordIndexBuilder, type RecordIndexStrings } from "../enrich/build-record-index.js";
import type { EncodeConfig, RejectedLine } from "../enrich/encode-chunk.js";
import type { RecordIndexBuffers } from "../enrich/record-index.js";
import type { ItemMetrics } from "../group/group-partition.js";
import { LabelVotes } from "../merge/label-votes.js";
import { createRunDictionaries, type RunDictionaries } from "../merge/run-dictionaries.js";
import { formatDay, formatTimestamp, parseDayString } from "../model/day.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { InvalidInputError, UsageError } from "../model/errors.js";
import type { RunSummary } from "../model/run-summary.js";
import type { EventSource, SourceDayRange } from "../sources/event-source.js";
import { encodeEvents, type EncodePass } from "./encode-events.js";
import { createInProcessTransport, type EngineTransport } from "./engine-transport.js";
import { planGroups, type GroupPlan } from "./group-plan.js";
import { groupWithTransport } from "./group-with-transport.js";
import { loadMetadata } from "./load-metadata.js";
import { MemoryGuard } from "./memory-guard.js";
import { MEASURED, planRun, type BackendChoice } from "./plan-run.js";
import { planWindows } from "./plan-windows.js";
import { RunInterrupted, throwIfStopped } from "./run-interruption.js";
import { compareDocuments } from "./search-backend/compare-documents.js";
import { groupWithSearch, type SearchBackendConfig, type SearchBackendReport } from "./search-backend/group-with-search.js";
import { createWorkerPoolTransport } from "./worker-pool-transport.js";

export type Backend = "memory" | "parallel" | "search";

export interface EngineOptions {
  start?: string;
  end?: string;
  communities?: string[];
  /** `auto`: the planner picks (plan-run.ts). */
  backend: BackendChoice;
  threads: number;
  chunkSize: number;
  onInvalid: "skip" | "fail";
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
  /** The memory budget (RSS); unset: unbounded, one pass. */
  maxMemoryBytes?: number;
  /** Overrides the measured bytes per held event the planner uses. */
  bytesPerEvent?: number;
  /** Forces bounded-memory mode: a scan, then day windows of at most this many events. */
  windowEvents?: number;
}

export interface ProgressUpdate {
  phase: "metadata" | "scan" | "events" | "group" | "documents";
  done: number;
  total: number;
  events: number;
}

export interface AggregateHooks {
  /** Every rejected input row, in input order. */
  onReject?: (reject: RejectedLine) => void;
  onProgress?: (update: ProgressUpdate) => void;
  /** Planner decisions and memory-guard actions, as they happen. */
  onNote?: (note: string) => void;
  /** Reuse a transport (tests and benchmarks); it is not closed. */
  transport?: EngineTransport;
  /** The cluster (and options) of the `search` backend; required with it. */
  search?: SearchBackendConfig;
  /** Aborting stops the run between chunks and windows; reason "timeout" or anything (interrupt). */
  signal?: AbortSignal;
}

export interface AggregateResult {
  /** Complete days only: all of them, unless the run was stopped (summary.incomplete). */
  documents: UsageDeltaDocument[];
  summary: RunSummary;
  /** The `search` backend's report (temporary index, searches, deviation from exact). */
  search?: SearchBackendReport;
}

/** What every pass and window shares. */
interface RunContext {
  source: EventSource;
  options: EngineOptions;
  hooks: AggregateHooks;
  transport: EngineTransport;
  backend: Backend;
  /** True when the planner chose (the search backend may then take over days too big for memory). */
  autoBackend: boolean;
  guard: MemoryGuard;
  index: RecordIndexBuffers;
  strings: RecordIndexStrings;
  range: SourceDayRange | null;
  timestamp: string;
  progress: (phase: ProgressUpdate["phase"], events: number) => void;
  note: (text: string) => void;
  notes: string[];
}

export async function runAggregation(source: EventSource, options: EngineOptions, hooks: AggregateHooks = {}): Promise<AggregateResult> {
  const startedAt = new Date();
  const clock = stopwatch();
  const range = parseRange(options.start, options.end);
  const notes: string[] = [];
  const note = (text: string) => { notes.push(text); hooks.onNote?.(text); };
  const budget = options.maxMemoryBytes ?? Infinity;
  const plan = planRun({
    requested: options.backend,
    estimatedEvents: await source.estimateEvents?.(range),
    maxMemoryBytes: budget,
    bytesPerEvent: options.bytesPerEvent ?? MEASURED.bytesPerEvent,
    threads: options.threads,
  });
  for (const line of plan.explanation) note(line);
  const windowEvents = options.windowEvents ?? plan.windowEvents;
  const transport = hooks.transport ?? (plan.backend === "parallel" ? createWorkerPoolTransport(options.threads) : createInProcessTransport());
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
    throwIfStopped(hooks.signal);
    const { buffers: index, strings } = builder.finish();
    const metadataMs = clock.lap();

    const ctx: RunContext = {
      source, options, hooks, transport, backend: plan.backend, autoBackend: options.backend === "auto", guard: new MemoryGuard(budget),
      index, strings, range, timestamp: formatTimestamp(startedAt), progress, note, notes,
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
        rejectsPath: null,
        timingsMs: { total: clock.total(), metadata: metadataMs, encode: outcome.encodeMs, group: outcome.groupMs, documents: eventsMs - outcome.encodeMs - outcome.groupMs },
        peakRssBytes: Math.max(process.resourceUsage().maxRSS * 1024, ctx.guard.peakBytes),
      },
    };
  } finally {
    if (hooks.transport === undefined) await transport.close();
    await source.close();
  }
}

interface RunOutcome {
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

function encodeConfig(ctx: RunContext, keep: SourceDayRange | null, tally: boolean): EncodeConfig {
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
    stopAtFirstInvalid: ctx.options.onInvalid === "fail",
  };
}

async function runSinglePass(ctx: RunContext): Promise<RunOutcome> {
  const clock = stopwatch();
  const run = createRunDictionaries(ctx.strings);
  const votes = new LabelVotes();
  // Rejects wait until the pass is known to finish: a pass given up for memory is redone.
  const rejects: RejectedLine[] = [];
  const pass = await encodeEvents({
    source: ctx.source, transport: ctx.transport, index: ctx.index, config: encodeConfig(ctx, null, true),
    chunkSize: ctx.options.chunkSize, range: ctx.range, run, votes,
    onReject: (reject) => rejects.push(reject), onChunk: (events) => ctx.progress("events", events),
    checkStop: () => throwIfStopped(ctx.hooks.signal),
    shouldYield: () => ctx.guard.overBudget(),
  });
  const encodeMs = clock.lap();
  if (pass.stoppedEarly) {
    // The memory guard: held events cost more than planned. Measure, then go windowed.
    const held = Math.max(1, pass.counts.counted);
    const perEvent = Math.max(1, (ctx.guard.sample() - MEASURED.baseBytes) / held);
    const windowEvents = Math.max(1, Math.floor(held / 2), Math.floor((ctx.guard.budgetBytes - MEASURED.baseBytes) / perEvent / 2));
    ctx.note(`memory guard: RSS ${Math.round(ctx.guard.sample() / 2 ** 20)} MiB over the budget after ${held.toLocaleString("en")} events; starting over in day windows of at most ${windowEvents.toLocaleString("en")} events`);
    return { pass, days: null, communities: 0, documents: [], windows: 0, encodeMs, groupMs: 0, restartWindowed: windowEvents };
  }
  for (const reject of rejects) ctx.hooks.onReject?.(reject);
  const days = resolveRange(ctx.range, pass);
  if (days === null) return { pass, days, communities: 0, documents: [], windows: 0, encodeMs, groupMs: clock.lap() };
  const plan = planGroups(days.startDay, days.endDay, ctx.options.communities, run);
  ctx.progress("group", pass.counts.counted);
  throwIfStopped(ctx.hooks.signal);
  const grouped = await groupDays(ctx, ctx.backend, pass.chunks, run, plan, votes.winners(run.labelPair));
  return { pass, days, communities: plan.communities.length, documents: grouped.documents, windows: 1, encodeMs, groupMs: clock.lap(), search: grouped.search };
}

async function runWindowed(ctx: RunContext, windowEvents: number): Promise<RunOutcome> {
  const clock = stopwatch();
  // The scan: everything that needs every event, keeping none of them.
  const scanRun = createRunDictionaries(ctx.strings);
  const votes = new LabelVotes();
  const pass = await encodeEvents({
    source: ctx.source, transport: ctx.transport, index: ctx.index, config: encodeConfig(ctx, { startDay: 1, endDay: 0 }, true),
    chunkSize: ctx.options.chunkSize, range: ctx.range, run: scanRun, votes,
    onReject: ctx.hooks.onReject, onChunk: (events) => ctx.progress("scan", events),
    checkStop: () => throwIfStopped(ctx.hooks.signal),
  });
  let encodeMs = clock.lap();
  let groupMs = 0;
  const days = resolveRange(ctx.range, pass);
  if (days === null) return { pass, days, communities: 0, documents: [], windows: 0, encodeMs, groupMs };
  const labels = votes.winners(scanRun.labelPair);
  const communityNames = planGroups(days.startDay, days.endDay, ctx.options.communities, scanRun).communities;
  const documents: UsageDeltaDocument[] = [];
  let search: SearchBackendReport | undefined;
  let windowCount = 0;
  let limit = windowEvents;
  let halvings = 0;
  let guardGaveUp = false;
  let next = days.startDay;
  while (next <= days.endDay) {
    const [window] = planWindows({ startDay: next, endDay: days.endDay }, pass.eventsPerDay, limit);
    const windowTotal = eventsIn(window, pass.eventsPerDay);
    try {
      throwIfStopped(ctx.hooks.signal);
    } catch (error) {
      if (!(error instanceof RunInterrupted)) throw error;
      // Stop cleanly: the documents of complete windows stand, the rest is reported.
      return finish({ reason: error.reason, notDone: { start: formatDay(window.startDay), end: formatDay(days.endDay) } });
    }
    // A single day over the budget cannot be bounded by windows: with the planner in
    // charge and a cluster at hand, that day goes to the search backend.
    const tooBig = windowTotal > limit || guardGaveUp;
    const backend = tooBig && ctx.autoBackend && ctx.hooks.search !== undefined ? "search" : ctx.backend;
    if (backend !== ctx.backend) ctx.note(`${formatDay(window.startDay)}..${formatDay(window.endDay)}: ${windowTotal.toLocaleString("en")} events, more than memory allows: these days go to the search backend`);
    // Fresh dictionaries per window: visitor ids are salted daily, so they would only grow.
    const run = createRunDictionaries(ctx.strings);
    const kept = await encodeEvents({
      source: ctx.source, transport: ctx.transport, index: ctx.index, config: encodeConfig(ctx, window, false),
      chunkSize: ctx.options.chunkSize, range: window, run, votes: new LabelVotes(),
      onChunk: (events) => ctx.progress("events", events),
      checkStop: () => throwIfStopped(ctx.hooks.signal),
    }).catch((error: unknown) => {
      if (error instanceof RunInterrupted) return error;
      throw error;
    });
    if (kept instanceof RunInterrupted) return finish({ reason: kept.reason, notDone: { start: formatDay(window.startDay), end: formatDay(days.endDay) } });
    encodeMs += clock.lap();
    const plan = planGroups(window.startDay, window.endDay, communityNames, run);
    const grouped = await groupDays(ctx, backend, kept.chunks, run, plan, labels);
    documents.push(...grouped.documents);
    search = grouped.search ?? search;
    groupMs += clock.lap();
    windowCount++;
    next = window.endDay + 1;
    if (ctx.guard.overBudget() && !guardGaveUp) {
      // Smaller windows help when held events are the cost; when RSS stays up anyway
      // (heaps the collector has not returned), more halving only adds passes.
      if (halvings < MAX_HALVINGS) {
        halvings++;
        limit = Math.max(1, Math.floor(limit / 2));
        ctx.note(`memory guard: RSS ${Math.round(ctx.guard.sample() / 2 ** 20)} MiB over the budget after a window; next windows hold at most ${limit.toLocaleString("en")} events`);
      } else {
        guardGaveUp = true;
        ctx.note(`memory guard: RSS still over the budget after ${MAX_HALVINGS} smaller windows; ${ctx.autoBackend && ctx.hooks.search !== undefined ? "the remaining days go to the search backend" : "going on (no search backend to hand over to)"}`);
      }
    }
  }
  return finish(undefined);

  function finish(incomplete: RunOutcome["incomplete"]): RunOutcome {
    // Windows come day-major; documents go out by community, then day.
    documents.sort((a, b) => (a.community_id < b.community_id ? -1 : a.community_id > b.community_id ? 1 : a.period_start < b.period_start ? -1 : 1));
    return { pass, days, communities: communityNames.length, documents, windows: windowCount, encodeMs, groupMs, search, incomplete };
  }
}

const MAX_HALVINGS = 3;

function eventsIn(window: SourceDayRange, eventsPerDay: ReadonlyMap<number, number>): number {
  let events = 0;
  for (let day = window.startDay; day <= window.endDay; day++) events += eventsPerDay.get(day) ?? 0;
  return events;
}

/** The group and documents stages for the days of one plan. */
async function groupDays(
  ctx: RunContext,
  backend: Backend,
  chunks: readonly EncodedChunkBuffers[],
  run: RunDictionaries,
  plan: GroupPlan,
  labels: ReadonlyMap<string, string>,
): Promise<{ documents: UsageDeltaDocument[]; search?: SearchBackendReport }> {
  const documentsOf = (items: ItemMetrics[]) => buildDocuments(items, {
    communities: plan.communities,
    startDay: plan.startDay,
    dayCount: plan.dayCount,
    facetIds: run.facetId.strings,
    labels,
    timestamp: ctx.timestamp,
  });
  if (backend !== "search") return { documents: documentsOf(await groupWithTransport(ctx.transport, chunks, run, plan)) };
  const searched = await groupWithSearch(ctx.hooks.search, chunks, run, plan);
  const documents = documentsOf(searched.items);
  if (ctx.hooks.search?.compareExact === true) {
    searched.report.comparison = compareDocuments(documentsOf(await groupWithTransport(ctx.transport, chunks, run, plan)), documents);
  }
  return { documents, search: searched.report };
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
function resolveRange(requested: SourceDayRange | null, pass: EncodePass): SourceDayRange | null {
  const startDay = requested === null || Number.isNaN(requested.startDay) ? pass.minDay : requested.startDay;
  const endDay = requested === null || Number.isNaN(requested.endDay) ? pass.maxDay : requested.endDay;
  return Number.isFinite(startDay) && Number.isFinite(endDay) && startDay <= endDay ? { startDay, endDay } : null;
}

function stopwatch() {
  const start = performance.now();
  let last = start;
  return {
    lap(): number { const now = performance.now(); const ms = now - last; last = now; return Math.round(ms); },
    total(): number { return Math.round(performance.now() - start); },
  };
}
