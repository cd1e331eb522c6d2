// Where the days are in plain event files: the byte span of every chunk a full pass
// read, and the first and last day of the valid events in it (which the tallying pass
// learns). A windowed run reads its input once per day window; with the map, a window
// reads only the chunks that hold its days. Input in time order (as exported) then
// costs two reads in all instead of one per window.

import type { EventTypeCode } from "../columnar/encoded-chunk.js";
import type { SourceDayRange } from "./event-source.js";

export interface ChunkSpan {
  path: string;
  fileType: EventTypeCode;
  /** Byte offsets in the file: [start, end). */
  start: number;
  end: number;
  firstLine: number;
  lineCount: number;
  /** Days of the chunk's valid events; NaN: none (nothing a window could keep). */
  minDay: number;
  maxDay: number;
}

export class ChunkDayMap {
  private spans: ChunkSpan[] = [];
  private chunkSize = 0;
  /** The spans are byte ranges (file-ranges.ts) rather than the exact bytes of line chunks. */
  private ranges = false;
  private complete = false;
  private daysNoted = 0;

  /** A full pass begins: chunks come in order, numbered from 0. */
  startPass(chunkSize: number, ranges = false): void {
    this.spans = [];
    this.chunkSize = chunkSize;
    this.ranges = ranges;
    this.complete = false;
    this.daysNoted = 0;
  }

  addChunk(span: Omit<ChunkSpan, "minDay" | "maxDay">): void {
    this.spans.push({ ...span, minDay: NaN, maxDay: NaN });
  }

  /** The pass read every chunk (not stopped early). */
  endPass(): void {
    this.complete = true;
  }

  /** What the tallying pass found in chunk `sequence`. */
  noteDays(sequence: number, minDay: number, maxDay: number): void {
    const span = this.spans[sequence];
    if (span === undefined) return;
    span.minDay = minDay;
    span.maxDay = maxDay;
    this.daysNoted++;
  }

  /** The lines the thread that read chunk `sequence` (a byte range) found in it. */
  noteLines(sequence: number, firstLine: number, lineCount: number): void {
    const span = this.spans[sequence];
    if (span === undefined) return;
    span.firstLine = firstLine;
    span.lineCount = lineCount;
  }

  /**
   * The chunks a pass over `range` needs, or undefined when the map cannot tell (no
   * complete pass with days for every chunk, another chunk size, an open range).
   */
  spansFor(chunkSize: number, range: SourceDayRange | null, ranges = false): ChunkSpan[] | undefined {
    if (!this.complete || this.daysNoted !== this.spans.length || chunkSize !== this.chunkSize || ranges !== this.ranges) return undefined;
    if (this.spans.some((s) => !Number.isFinite(s.firstLine))) return undefined;
    if (range === null || !Number.isFinite(range.startDay) || !Number.isFinite(range.endDay)) return undefined;
    return this.spans.filter((s) => s.minDay <= range.endDay && s.maxDay >= range.startDay);
  }
}
