// The enrich stage driver: streams the source's chunks through the encode kernel with a
// bounded number in flight, unifying each result into the run-wide dictionaries as it
// arrives and keeping only what the pass needs (the kept columns, the tallies). Rejects
// are reported in input order as soon as the chunks before them are done.

import { EVENT_TYPE, type EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import { emptyCounts, type ChunkCounts, type EncodeConfig, type EncodedChunk, type FileRange, type OnReject, type RejectedLine } from "../model/chunk-types.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import type { LabelVotes } from "../merge/label-votes.js";
import type { RunDictionaries } from "../model/run-dictionaries.js";
import { unifyChunk } from "../merge/unify-chunk.js";
import { InvalidInputError } from "../model/errors.js";
import type { EventSource, SourceChunk, SourceDayRange } from "../sources/event-source.js";
import { RangeLines } from "../sources/range-lines.js";
import type { EngineTransport } from "./engine-transport.js";

export interface EncodeEventsContext {
  source: EventSource;
  transport: EngineTransport;
  index: RecordIndexBuffers;
  config: EncodeConfig;
  chunkSize: number;
  /** What the source may restrict its reading to (a hint). */
  range: SourceDayRange | null;
  run: RunDictionaries;
  votes: LabelVotes;
  onReject?: OnReject;
  onChunk?: (eventsRead: number) => void;
  /** Checked before each chunk: throws to stop the run (timeout, Ctrl-C). */
  checkStop?: () => void;
  /** Checked before each chunk: true ends the pass early (`stoppedEarly`), e.g. memory. */
  shouldYield?: () => boolean;
}

export interface EncodePass {
  /** Columns of the kept events, by chunk (chunks that kept nothing are left out). */
  chunks: EncodedChunkBuffers[];
  counts: ChunkCounts;
  /** First and last day of any valid event (NaN: none). */
  minDay: number;
  maxDay: number;
  /** Counted events per day. */
  eventsPerDay: Map<number, number>;
  /** The pass ended before the input did (`shouldYield`): its results are partial. */
  stoppedEarly: boolean;
}

export async function encodeEvents(ctx: EncodeEventsContext): Promise<EncodePass> {
  const pass: EncodePass = { chunks: [], counts: emptyCounts(), minDay: NaN, maxDay: NaN, eventsPerDay: new Map(), stoppedEarly: false };
  const kept = new Map<number, EncodedChunkBuffers>();
  const pendingRejects = new Map<number, EncodedChunk>();
  // Chunks handed out as file ranges (RawChunk.file) whose lines the source did not know:
  // their rejects count lines from the chunk's start until the chunks before them (in
  // input order) have said how many lines they held.
  const unplaced = new Map<number, FileRange>();
  const lines = new RangeLines();
  const lineShift = new Map<number, number>();
  const placeLines = (chunk: EncodedChunk): RejectedLine[] => {
    const file = unplaced.get(chunk.sequence);
    if (file === undefined) return chunk.rejects;
    unplaced.delete(chunk.sequence);
    const lineCount = chunk.lineCount ?? 0;
    const placed = lines.place(file, 1, lineCount, chunk.rejects);
    lineShift.set(chunk.sequence, placed.firstLine - 1);
    ctx.source.noteChunkLines?.(chunk.sequence, placed.firstLine, lineCount);
    return placed.rejects;
  };
  const inFlight = new Set<Promise<void>>();
  let sequence = 0;
  let nextRejects = 0;
  let eventsRead = 0;
  // With --on-invalid fail: the earliest rejected line (by chunk) among the chunks read.
  let firstInvalid: { sequence: number; reject: RejectedLine } | undefined;
  let failure: unknown;

  const absorb = (chunk: EncodedChunk) => {
    unifyChunk(chunk, ctx.run, ctx.votes);
    if (ctx.config.tally) ctx.source.noteChunkDays?.(chunk.sequence, chunk.minDay, chunk.maxDay);
    if (chunk.buffers.length > 0) kept.set(chunk.sequence, chunk.buffers);
    for (const key of Object.keys(pass.counts) as (keyof ChunkCounts)[]) pass.counts[key] += chunk.counts[key];
    if (Number.isNaN(pass.minDay) || chunk.minDay < pass.minDay) pass.minDay = chunk.minDay;
    if (Number.isNaN(pass.maxDay) || chunk.maxDay > pass.maxDay) pass.maxDay = chunk.maxDay;
    for (let j = 0; j < chunk.countDays.length; j++) {
      pass.eventsPerDay.set(chunk.countDays[j], (pass.eventsPerDay.get(chunk.countDays[j]) ?? 0) + chunk.countEvents[j]);
    }
    eventsRead += chunk.counts.readViews + chunk.counts.readDownloads;
    ctx.onChunk?.(eventsRead);
    if (ctx.config.stopAtFirstInvalid && chunk.rejects.length > 0 && !(firstInvalid !== undefined && firstInvalid.sequence < chunk.sequence)) {
      firstInvalid = { sequence: chunk.sequence, reject: chunk.rejects[0] };
    }
    pendingRejects.set(chunk.sequence, chunk);
    for (let next = pendingRejects.get(nextRejects); next !== undefined; next = pendingRejects.get(nextRejects)) {
      pendingRejects.delete(nextRejects++);
      const rejects = placeLines(next);
      if (!ctx.config.stopAtFirstInvalid) for (const reject of rejects) ctx.onReject?.(reject);
    }
  };

  const track = (raw: SourceChunk, promise: Promise<EncodedChunk>) => {
    const tracked = promise
      .then(
        (chunk) => {
          if (raw.file === undefined) releaseSharedBytes(raw.bytes);
          absorb(chunk);
        },
        (error: unknown) => {
          failure ??= error;
        },
      )
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  for await (const chunk of ctx.source.chunks(ctx.chunkSize, ctx.range, ctx.transport.partitions, true)) {
    while (inFlight.size >= ctx.transport.inFlight) await Promise.race(inFlight);
    if (failure !== undefined || firstInvalid !== undefined) break;
    try {
      ctx.checkStop?.();
    } catch (error) {
      failure = error;
      break;
    }
    if (chunk.damage !== undefined) {
      // After the chunks before it, so that rejects stay in input order.
      await Promise.all(inFlight);
      if (ctx.config.tally) noteDamage(pass, chunk, ctx);
      if (ctx.config.stopAtFirstInvalid && firstInvalid === undefined) firstInvalid = { sequence, reject: chunk.damage };
      continue;
    }
    if (ctx.shouldYield?.() === true) {
      pass.stoppedEarly = true;
      if (chunk.file === undefined) releaseSharedBytes(chunk.bytes);
      break;
    }
    if (chunk.file !== undefined && !chunk.file.linesKnown) unplaced.set(sequence, chunk.file);
    track(chunk, ctx.transport.encode({ sequence: sequence++, ...chunk }, ctx.index, ctx.config));
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  if (firstInvalid !== undefined) {
    const { source, line, reason } = firstInvalid.reject;
    throw new InvalidInputError(source, typeof line === "number" ? line + (lineShift.get(firstInvalid.sequence) ?? 0) : line, reason);
  }
  pass.chunks = [...kept.keys()].sort((a, b) => a - b).map((s) => kept.get(s)!);
  return pass;
}

/** A damaged input counts as one rejected line of its file (the line it is cut in). */
function noteDamage(pass: EncodePass, chunk: SourceChunk, ctx: EncodeEventsContext): void {
  if (chunk.fileType === EVENT_TYPE.view) pass.counts.readViews++;
  else pass.counts.readDownloads++;
  pass.counts.rejected++;
  if (!ctx.config.stopAtFirstInvalid) ctx.onReject?.(chunk.damage!);
}
