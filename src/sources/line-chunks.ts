// Cuts an NDJSON byte stream into chunks of whole lines (`chunkLines` lines each, the
// last one shorter), each copied once into shared memory for the workers. No line is
// ever decoded here: the coordinator only looks for newline bytes.

import type { Readable } from "node:stream";
import { acquireSharedBytes } from "../columnar/shared-byte-pool.js";

export interface LineChunk {
  bytes: Uint8Array;
  /** 1-based number of the chunk's first line in its file. */
  firstLine: number;
  lineCount: number;
}

const NEWLINE = 10;

export async function* readLineChunks(stream: Readable, chunkLines: number): AsyncGenerator<LineChunk> {
  let pieces: Buffer[] = [];
  let lines = 0;
  let firstLine = 1;
  for await (const data of stream as AsyncIterable<Buffer>) {
    let rest = data;
    let position = 0;
    for (;;) {
      const newline = rest.indexOf(NEWLINE, position);
      if (newline === -1) break;
      position = newline + 1;
      if (++lines < chunkLines) continue;
      pieces.push(rest.subarray(0, position));
      yield { bytes: concatShared(pieces), firstLine, lineCount: lines };
      firstLine += lines;
      lines = 0;
      pieces = [];
      rest = rest.subarray(position);
      position = 0;
    }
    if (rest.length > 0) pieces.push(rest);
  }
  const tail = pieces.reduce((sum, piece) => sum + piece.length, 0);
  if (tail > 0) yield { bytes: concatShared(pieces), firstLine, lineCount: lines + 1 };
}

function concatShared(pieces: readonly Buffer[]): Uint8Array {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const bytes = acquireSharedBytes(length);
  // Buffer#copy is a plain memcpy; TypedArray#set into shared memory can take a slow path.
  const target = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  let offset = 0;
  for (const piece of pieces) offset += piece.copy(target, offset);
  return bytes;
}
