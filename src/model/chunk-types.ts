// The encode kernel's inputs and outputs: a raw chunk in, an encoded chunk (columns,
// chunk-local dictionaries, label votes, rejects, counts) out. Types only, plus the
// zero counts.

import type { EncodedChunkBuffers, EventTypeCode } from "../columnar/encoded-chunk.js";

export interface EncodeConfig {
  /** Inclusive day range; null bounds keep every valid event (the range is derived later). */
  startDay: number | null;
  endDay: number | null;
  /**
   * Counted events with a day in [keepStartDay, keepEndDay] are written to the columns
   * (null: no bound). A day window of the windowed mode keeps its own days only; the
   * scan pass keeps none (start > end).
   */
  keepStartDay: number | null;
  keepEndDay: number | null;
  /**
   * Whether this pass accounts for the input: counts, rejects, label votes, community
   * ids, first/last day, events per day. Exactly one pass over the input tallies.
   */
  tally: boolean;
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
  /** An event without `community_ids` counts in `global` only (no timeline, no record communities). */
  eventCommunitiesOnly: boolean;
  /** `--on-invalid fail`: stop at the first rejected line. */
  stopAtFirstInvalid: boolean;
  /** Days a timestamp may have (event-limits.ts); others are rejected, `timestamp out of range`. */
  eventDays: { firstDay: number; lastDay: number };
}

export interface RawChunk {
  sequence: number;
  /**
   * `ndjson`: one event per line, numbered from `firstLine`.
   * `search-hits`: an OpenSearch search response body; events are `hits.hits[]._source`,
   * named by `_index` and `_id` in rejects.
   */
  format: "ndjson" | "search-hits";
  /** File name (or index) the rows come from, for rejects and messages. */
  source: string;
  fileType: EventTypeCode;
  /** Line number of the first line in the chunk (1-based). */
  firstLine: number;
  lineCount: number;
  bytes: Uint8Array;
  /**
   * Plain files: the chunk as a byte range, read by the thread that encodes it
   * (parse/file-range.ts); `bytes` is then empty and `lineCount` unknown (0). Its
   * `firstLine` is 1 unless `linesKnown`: its rejects' lines then count from the chunk's
   * start and the coordinator moves them once the chunks before it have said their lines.
   */
  file?: FileRange;
}

/** Bytes [start, end) of a plain file: the lines that start in them. */
export interface FileRange {
  path: string;
  start: number;
  end: number;
  /** `firstLine` is the file's line number (a later pass over a chunk the first one measured). */
  linesKnown: boolean;
}

export interface ChunkCounts {
  readViews: number;
  readDownloads: number;
  rejected: number;
  outsideRange: number;
  droppedRobot: number;
  droppedMachine: number;
  droppedApi: number;
  unknownRecord: number;
  counted: number;
}

export interface RejectedLine {
  source: string;
  /** Line number in a file, or document id in an index. */
  line: number | string;
  reason: string;
  raw: string;
}

/** Where a rejected line goes (the rejects file, the summary's counts). */
export type OnReject = (reject: RejectedLine) => void;

/**
 * Strings behind the chunk-local (negative) codes of the columns with a run-wide
 * dictionary. (Visitor and file ids stay with the chunk's buffers: encoded-chunk.ts.)
 */
export interface ChunkDictionaryStrings {
  record: string[];
  parent: string[];
  community: string[];
  facetId: string[];
  labelPair: string[];
}

export interface EncodedChunk {
  sequence: number;
  buffers: EncodedChunkBuffers;
  dictionaries: ChunkDictionaryStrings;
  /** Label votes: label pair code (run-wide or chunk-local) and its number of votes. */
  voteCodes: Int32Array;
  voteCounts: Int32Array;
  rejects: RejectedLine[];
  counts: ChunkCounts;
  /** First and last day of any valid event (NaN when none). */
  minDay: number;
  maxDay: number;
  /** Counted events per day (tallying passes only): parallel arrays. */
  countDays: Int32Array;
  countEvents: Int32Array;
  /** The lines the chunk held, as the encoder counted them reading it (what places a file range's rejects). */
  lineCount?: number;
}

export function emptyCounts(): ChunkCounts {
  return { readViews: 0, readDownloads: 0, rejected: 0, outsideRange: 0, droppedRobot: 0, droppedMachine: 0, droppedApi: 0, unknownRecord: 0, counted: 0 };
}

/** Counted events per day as the chunk's parallel arrays (countDays, countEvents). */
export function eventsPerDayArrays(eventsPerDay: ReadonlyMap<number, number>): { countDays: Int32Array; countEvents: Int32Array } {
  const countDays = new Int32Array(eventsPerDay.size);
  const countEvents = new Int32Array(eventsPerDay.size);
  let j = 0;
  for (const [day, events] of eventsPerDay) {
    countDays[j] = day;
    countEvents[j++] = events;
  }
  return { countDays, countEvents };
}
