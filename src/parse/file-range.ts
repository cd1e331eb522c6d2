// A chunk given as a byte range of a plain file, read by the thread that encodes it (the
// coordinator only cuts the file by its size, without reading it). The range [start, end)
// holds the lines that start in it: the line start at or after `start` up to the line
// start at or after `end`, so neighbouring ranges share their boundary and every line
// falls in exactly one. The bytes go into this thread's own buffer, reused chunk after
// chunk (the kernels copy what they keep).

import { closeSync, openSync, readSync } from "node:fs";
import type { FileRange, RawChunk } from "../model/chunk-types.js";
import { InvalidInputError } from "../model/errors.js";
import { NEWLINE } from "../model/ndjson.js";

/** Bytes read past `end` at first to find the end of the last line; more as needed. */
const OVERSHOOT = 64 << 10;

let scratch = Buffer.allocUnsafe(0);

/**
 * A chunk's rows as bytes: a range's lines read in (readFileRange), or the chunk as it
 * came. `counted` false: the range's lines are not counted here (lineCount 0), for a
 * kernel that counts them as it reads them (the encoder: a pass fewer over the bytes).
 */
export function chunkBytes(raw: RawChunk, counted = true): RawChunk {
  return raw.file === undefined ? raw : readFileRange(raw, raw.file, counted);
}

/** The raw chunk with its range's lines read in: bytes, and their exact line count (0 when not `counted`). */
export function readFileRange(raw: RawChunk, { path, start, end }: FileRange, counted = true): RawChunk {
  const fd = openSync(path, "r");
  try {
    // From the byte before `start`: a newline there (or the file's start) means a line starts at `start`.
    const from = Math.max(0, start - 1);
    let requested = end + OVERSHOOT - from;
    let filled = fill(fd, from, requested, 0);
    if (filled < end - from)
      throw new InvalidInputError(path, raw.firstLine, `the file got shorter during the run (a chunk ends at byte ${end}, the file at ${from + filled})`);
    let last = lineStartAfter(scratch, end - 1 - from, filled);
    while (last === -1 && filled === requested) {
      requested *= 2;
      filled = fill(fd, from, requested, filled);
      last = lineStartAfter(scratch, end - 1 - from, filled);
    }
    if (last === -1) last = filled; // the file's last line, without a newline
    const first = start === 0 ? 0 : lineStartAfter(scratch, 0, last);
    const bytes = scratch.subarray(first === -1 ? last : first, last);
    return { ...raw, bytes, lineCount: counted ? countLines(bytes) : 0 };
  } finally {
    closeSync(fd);
  }
}

/**
 * Room to spare when `scratch` grows. Grown to exactly what a chunk asked for, every chunk a
 * few bytes longer than the largest before it took a new buffer, and the kernel zeroes
 * each page of a new buffer as it is first written: at 1M repetitive events one thread
 * wrote five buffers (0.9, 22.4, 22.4, 31.9, 31.9 MB) where one of 32 MB is enough.
 * Pages of the spare room never written cost address space only.
 */
const SCRATCH_GROWTH = 1.5;

/** Reads into `scratch` (grown to at least `length` bytes, keeping its first `kept`) from file offset `from`; returns the bytes it holds. */
function fill(fd: number, from: number, length: number, kept: number): number {
  if (scratch.length < length) {
    const larger = Buffer.allocUnsafe(Math.ceil(length * SCRATCH_GROWTH));
    scratch.copy(larger, 0, 0, kept);
    scratch = larger;
  }
  let filled = kept;
  while (filled < length) {
    const n = readSync(fd, scratch, filled, length - filled, from + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

/** Index after the first newline at or after `at` (a line start), or -1 when `filled` ends first. */
function lineStartAfter(bytes: Buffer, at: number, filled: number): number {
  const newline = bytes.subarray(0, filled).indexOf(NEWLINE, at);
  return newline === -1 ? -1 : newline + 1;
}

/** The lines in `bytes`: its newlines, and a last line without one. */
export function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE ? lines + 1 : lines;
}
