// Cuts an NDJSON input into chunks of whole lines (`limit.lines` lines each, the last one
// shorter, or fewer where `limit.bytes` says), read straight into pooled shared memory
// for the workers: plain files are never copied on the coordinator. No line is decoded
// here: only newline bytes are sought.

import { acquireSharedBytes, releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import type { InputBytes } from "./open-input.js";
import { NEWLINE } from "../model/ndjson.js";

export interface LineChunk {
  bytes: Uint8Array;
  /** 1-based number of the chunk's first line in its file. */
  firstLine: number;
  lineCount: number;
}

/** Where a chunk ends: after `lines` lines, or sooner, at the first line end past `bytes()` bytes (asked as each chunk starts). */
export interface ChunkLimit {
  lines: number;
  bytes?: () => number;
}

export interface ReadSizes {
  /** Bytes asked for per read call. */
  readBlock: number;
  /** The first chunk's buffer; later ones are sized from the chunks before them. */
  firstCapacity: number;
}

const DEFAULT_SIZES: ReadSizes = { readBlock: 4 << 20, firstCapacity: 16 << 20 };

export async function* readLineChunks(input: InputBytes, limit: ChunkLimit, sizes = DEFAULT_SIZES): AsyncGenerator<LineChunk> {
  const { readBlock, firstCapacity } = sizes;
  const chunkLines = limit.lines;
  let chunkBytes = limit.bytes?.() ?? Infinity;
  let buffer = wholeBuffer(firstCapacity);
  let filled = 0; // bytes of the current chunk in `buffer`
  let scanned = 0; // where the search for the next newline goes on
  let lines = 0;
  let firstLine = 1;
  for (;;) {
    if (filled === buffer.length) {
      const larger = moveTo(wholeBuffer(buffer.length * 2), buffer, 0, filled);
      releaseSharedBytes(buffer);
      buffer = larger;
    }
    const n = await input.read(buffer.subarray(filled, Math.min(buffer.length, filled + readBlock)));
    if (n === 0) break;
    filled += n;
    let view = Buffer.from(buffer.buffer, buffer.byteOffset, filled);
    for (let newline = view.indexOf(NEWLINE, scanned); newline !== -1; newline = view.indexOf(NEWLINE, scanned)) {
      scanned = newline + 1;
      if (++lines < chunkLines && scanned < chunkBytes) continue;
      // A full chunk: the bytes after it start the next chunk, in a buffer of its own.
      const end = scanned;
      const next = moveTo(wholeBuffer(Math.max(firstCapacity, Math.ceil(end * 1.25) + readBlock)), buffer, end, filled);
      yield { bytes: buffer.subarray(0, end), firstLine, lineCount: lines };
      firstLine += lines;
      lines = 0;
      buffer = next;
      filled -= end;
      scanned = 0;
      view = Buffer.from(buffer.buffer, buffer.byteOffset, filled);
      chunkBytes = limit.bytes?.() ?? Infinity;
    }
    scanned = filled;
  }
  const damage = input.damage?.();
  if (damage !== undefined) {
    // A damaged input: its complete lines are read; the cut one is the damage's line.
    const view = Buffer.from(buffer.buffer, buffer.byteOffset, filled);
    const end = view.lastIndexOf(NEWLINE) + 1;
    damage.line = firstLine + lines;
    damage.tail = view.toString("utf8", end, filled);
    if (end > 0) yield { bytes: buffer.subarray(0, end), firstLine, lineCount: lines };
    else releaseSharedBytes(buffer);
    return;
  }
  // The last line may lack its newline: counted as one more (an upper bound).
  if (filled > 0) yield { bytes: buffer.subarray(0, filled), firstLine, lineCount: lines + 1 };
  else releaseSharedBytes(buffer);
}

/** A pooled shared buffer of at least `capacity` bytes, all of it usable. */
function wholeBuffer(capacity: number): Uint8Array {
  const bytes = acquireSharedBytes(capacity);
  return new Uint8Array(bytes.buffer, 0, bytes.buffer.byteLength);
}

/** Copies `from[start, end)` to the front of `to`; returns `to`. */
function moveTo(to: Uint8Array, from: Uint8Array, start: number, end: number): Uint8Array {
  Buffer.from(from.buffer, from.byteOffset + start, end - start).copy(Buffer.from(to.buffer, to.byteOffset, to.byteLength));
  return to;
}
