// Plain event files cut into chunks by their size alone: each chunk is a byte range that
// the thread encoding it reads (parse/file-range.ts), so the coordinator neither reads
// the events nor looks for their line ends. A range is about `chunkSize` lines long, by
// the line length of the file's first MiB, and near the end of the pass at most a
// 1/consumers share of the bytes left (tailChunkBytes), as line chunks are.

import { open } from "node:fs/promises";
import type { EventTypeCode } from "../columnar/encoded-chunk.js";
import type { ChunkSpan } from "./chunk-day-map.js";
import type { SourceChunk } from "./event-source.js";
import { NEWLINE } from "../model/ndjson.js";

const SAMPLE_BYTES = 1 << 20;
const NO_BYTES = new Uint8Array(0);

export interface FileToCut {
  path: string;
  fileType: EventTypeCode;
  size: number;
}

/** The byte ranges of a pass over `files`; `tail(bytesLeft, bytesPerLine)` bounds a range near the end. */
export async function* cutFileRanges(
  files: readonly FileToCut[],
  chunkSize: number,
  tail: (bytesLeft: number, bytesPerLine: number) => number,
): AsyncGenerator<Omit<ChunkSpan, "minDay" | "maxDay">> {
  let bytesLeft = files.reduce((sum, file) => sum + file.size, 0);
  for (const { path, fileType, size } of files) {
    const bytesPerLine = await lineBytes(path, size);
    for (let start = 0; start < size;) {
      const bytes = Math.min(chunkSize * bytesPerLine, tail(bytesLeft, bytesPerLine));
      const end = Math.min(size, start + Math.max(1, Math.round(bytes)));
      yield { path, fileType, start, end, firstLine: NaN, lineCount: NaN };
      bytesLeft -= end - start;
      start = end;
    }
  }
}

/** A span as a chunk for the encoding thread to read; its first line is known when a pass measured it. */
export function rangeChunk(span: Omit<ChunkSpan, "minDay" | "maxDay">): SourceChunk {
  const linesKnown = Number.isFinite(span.firstLine);
  return {
    format: "ndjson",
    source: span.path,
    fileType: span.fileType,
    bytes: NO_BYTES,
    firstLine: linesKnown ? span.firstLine : 1,
    lineCount: 0,
    file: { path: span.path, start: span.start, end: span.end, linesKnown },
  };
}

/**
 * A range is handed out after a turn of the event loop, as a chunk read from the file
 * would be: with the in-process transport nothing else would let timers (--timeout,
 * --community-timeout), signals and the progress line in between chunks.
 */
export const turnOfTheLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Bytes per line in the file's first MiB (the whole file's size when it holds no newline). */
async function lineBytes(path: string, size: number): Promise<number> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const sample = buffer.subarray(0, bytesRead);
    let lines = 0;
    for (let at = sample.indexOf(NEWLINE); at !== -1; at = sample.indexOf(NEWLINE, at + 1)) lines++;
    return lines === 0 ? Math.max(1, size) : bytesRead / lines;
  } finally {
    await handle.close();
  }
}
