// What the coordinator needs from any input (files, OpenSearch): the record metadata,
// then the events as chunks of raw rows that the encode kernel parses.

import type { EventTypeCode } from "../columnar/encoded-chunk.js";
import type { OnLineReject } from "../records/build-record-index.js";
import type { OnReject, RawChunk, RejectedLine } from "../model/chunk-types.js";
import type { CachedMetadata } from "./cached-metadata.js";

/**
 * A chunk as a source yields it; the coordinator numbers it. A chunk with `damage` holds
 * no rows: the input it comes from is damaged from that line on (a cut .gz), and the
 * coordinator treats the damage as one rejected line (or stops, `--on-invalid fail`).
 */
export type SourceChunk = Omit<RawChunk, "sequence"> & { damage?: RejectedLine };

/** Inclusive UTC day numbers; a NaN bound is open (the user left it out). */
export interface SourceDayRange {
  startDay: number;
  endDay: number;
}

/** Where a source delivers record metadata (the coordinator's record index builder). */
export interface MetadataReceiver {
  /** One parsed membership event. */
  addMembership(value: unknown, line: number | string, reject: OnLineReject): void;
  /**
   * Raw record documents (NDJSON lines or a search response body): parsed on the worker
   * threads, added in the order submitted. Resolves when the chunk is accepted (there
   * is back-pressure), not when it is parsed.
   */
  addRecordChunk(chunk: SourceChunk): Promise<void>;
  /**
   * Raw membership events (NDJSON lines), read on the worker threads like record chunks
   * and added in the order submitted. A chunk with `damage` holds no rows: its reject
   * comes after those of the chunks before it.
   */
  addMembershipChunk(chunk: SourceChunk): Promise<void>;
}

export interface EventSource {
  /** Feeds record documents and membership events into the receiver; bad ones go to `onReject`. */
  loadMetadata(receiver: MetadataReceiver, onReject: OnReject): Promise<void>;
  /**
   * The events, `chunkSize` rows per chunk at most, in a stable order. `range`: a hint,
   * events outside it may be skipped. `consumers`: how many workers take the chunks (a
   * source may cut its last chunks smaller so that they finish together). `fileRanges`:
   * the encoding threads can read plain files themselves, so a file source may hand out
   * byte ranges (RawChunk.file, about `chunkSize` rows each) instead of reading them.
   */
  chunks(chunkSize: number, range: SourceDayRange | null, consumers?: number, fileRanges?: boolean): AsyncIterable<SourceChunk>;
  /**
   * What a tallying pass found in its chunk `sequence` (numbered from 0 in the order
   * yielded): the first and last day of its valid events (NaN: none). A source may use
   * it to skip chunks in later passes over a day range.
   */
  noteChunkDays?(sequence: number, minDay: number, maxDay: number): void;
  /** The lines the encoding thread found in chunk `sequence`, a byte range (`fileRanges`), once the chunks before it said theirs. */
  noteChunkLines?(sequence: number, firstLine: number, lineCount: number): void;
  /** Bytes of the record documents (for the planner's memory floor); undefined when it cannot tell. */
  recordBytes?(): Promise<number | undefined>;
  /** The first event input that cannot be read twice (a pipe, a FIFO), if any: the run must be one pass. */
  readOnce?(): Promise<string | undefined>;
  /** About how many events the range holds (for the planner); undefined when it cannot tell cheaply. */
  estimateEvents?(range: SourceDayRange | null): Promise<number | undefined>;
  /**
   * `--metadata-cache`: what the cached metadata must match (files: paths, sizes and
   * modification times; OpenSearch: the cluster and the indices). Without it, no cache.
   */
  metadataCacheKey?(): Promise<string>;
  /**
   * Loads only what changed since a cached copy (OpenSearch: records updated since, or
   * not cached yet; newer membership events). Without it, a copy whose key matches
   * stands whole (files: unchanged files hold the same records).
   */
  loadMetadataSince?(receiver: MetadataReceiver, onReject: OnReject, cached: CachedMetadata): Promise<void>;
  /**
   * Up to `lines` events of each event type from the start of the input, read apart from the
   * passes (regular files only: a pipe can be read once), for warming the workers' kernels
   * up on both types (EncodeTask.warmUp). Empty, or absent, when the source cannot tell.
   */
  sampleChunks?(lines: number): Promise<SourceChunk[]>;
  /** How far reading has come, in the source's own unit (bytes, events). */
  progress(): { done: number; total: number };
  close(): Promise<void>;
}

export type { EventTypeCode };
