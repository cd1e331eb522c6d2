// Line chunks read straight into pooled shared memory: whatever the read block and the
// first buffer's size (tiny here, so that lines straddle reads and buffers grow), the
// chunks hold the file's bytes in order, each but the last with exactly `chunkLines`
// lines or, under a byte limit, ending at the first line end past it; numbered from 1;
// plain and gzipped files alike.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseSharedBytes } from "../../src/columnar/shared-byte-pool.js";
import { readLineChunks, type ChunkLimit, type LineChunk } from "../../src/sources/line-chunks.js";
import { openInput } from "../../src/sources/open-input.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-lines-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Read {
  bytes: Buffer;
  chunks: Omit<LineChunk, "bytes">[];
  newlines: number[];
  lengths: number[];
  /** Bytes of each chunk's last line, its newline included. */
  lastLineLengths: number[];
}

async function readAll(path: string, limit: ChunkLimit, readBlock: number, firstCapacity: number): Promise<Read> {
  const input = await openInput(path);
  const pieces: Buffer[] = [];
  const chunks: Omit<LineChunk, "bytes">[] = [];
  const newlines: number[] = [];
  const lengths: number[] = [];
  const lastLineLengths: number[] = [];
  try {
    for await (const { bytes, firstLine, lineCount } of readLineChunks(input, limit, { readBlock, firstCapacity })) {
      const copy = Buffer.from(bytes); // the pooled buffer is handed back below
      pieces.push(copy);
      chunks.push({ firstLine, lineCount });
      newlines.push(copy.filter((b) => b === 10).length);
      lengths.push(copy.length);
      lastLineLengths.push(copy.length - (copy.subarray(0, copy.length - 1).lastIndexOf(10) + 1));
      releaseSharedBytes(bytes);
    }
  } finally {
    await input.close();
  }
  return { bytes: Buffer.concat(pieces), chunks, newlines, lengths, lastLineLengths };
}

const line = fc.stringMatching(/^[a-z{}":,é\r ]{0,30}$/);

describe("readLineChunks", () => {
  it("cuts any file into whole-line chunks, in order, with their line numbers", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.integer({ min: 1, max: 120 })),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, trailingNewline, gzip, chunkLines, byteLimit, readBlock, firstCapacity) => {
          const text = lines.join("\n") + (trailingNewline && lines.length > 0 ? "\n" : "");
          const bytes = Buffer.from(text, "utf8");
          const path = join(dir, `f${run++}.ndjson${gzip ? ".gz" : ""}`);
          await writeFile(path, gzip ? gzipSync(bytes) : bytes);

          const limit: ChunkLimit = byteLimit === null ? { lines: chunkLines } : { lines: chunkLines, bytes: () => byteLimit };
          const read = await readAll(path, limit, readBlock, firstCapacity);
          expect(read.bytes.equals(bytes)).toBe(true);
          let expectedFirst = 1;
          read.chunks.forEach((chunk, i) => {
            expect(chunk.firstLine).toBe(expectedFirst);
            const last = i === read.chunks.length - 1;
            const length = read.lengths[i];
            // Cut at the byte limit: at the first line end at or past it, before chunkLines lines.
            const cutAtBytes = byteLimit !== null && length >= byteLimit && length - read.lastLineLengths[i] < byteLimit;
            if (!last) {
              expect(chunk.lineCount).toBe(read.newlines[i]);
              expect(chunk.lineCount === chunkLines || cutAtBytes).toBe(true);
            } else if (read.newlines[i] === chunk.lineCount) {
              expect(chunk.lineCount === chunkLines || cutAtBytes).toBe(true);
            } else {
              // The tail: its lines, counting one past the last newline.
              expect(chunk.lineCount).toBe(read.newlines[i] + 1);
            }
            expect(chunk.lineCount).toBeLessThanOrEqual(chunkLines);
            expectedFirst += chunk.lineCount;
          });
          if (bytes.length === 0) expect(read.chunks).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
