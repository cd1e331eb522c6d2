// Line chunks read straight into pooled shared memory: whatever the read block and the
// first buffer's size (tiny here, so that lines straddle reads and buffers grow), the
// chunks hold the file's bytes in order, each but the last with exactly `chunkLines`
// lines, numbered from 1; plain and gzipped files alike.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseSharedBytes } from "../../src/columnar/shared-byte-pool.js";
import { readLineChunks, type LineChunk } from "../../src/sources/line-chunks.js";
import { openInput } from "../../src/sources/open-input.js";

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), "usage-delta-lines-")); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

interface Read { bytes: Buffer; chunks: Omit<LineChunk, "bytes">[]; newlines: number[] }

async function readAll(path: string, chunkLines: number, readBlock: number, firstCapacity: number): Promise<Read> {
  const input = await openInput(path);
  const pieces: Buffer[] = [];
  const chunks: Omit<LineChunk, "bytes">[] = [];
  const newlines: number[] = [];
  try {
    for await (const { bytes, firstLine, lineCount } of readLineChunks(input, chunkLines, { readBlock, firstCapacity })) {
      const copy = Buffer.from(bytes); // the pooled buffer is handed back below
      pieces.push(copy);
      chunks.push({ firstLine, lineCount });
      newlines.push(copy.filter((b) => b === 10).length);
      releaseSharedBytes(bytes);
    }
  } finally {
    await input.close();
  }
  return { bytes: Buffer.concat(pieces), chunks, newlines };
}

const line = fc.stringMatching(/^[a-z{}":,é\r ]{0,30}$/);

describe("readLineChunks", () => {
  it("cuts any file into whole-line chunks, in order, with their line numbers", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }), fc.boolean(), fc.boolean(),
        fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 64 }),
        async (lines, trailingNewline, gzip, chunkLines, readBlock, firstCapacity) => {
          const text = lines.join("\n") + (trailingNewline && lines.length > 0 ? "\n" : "");
          const bytes = Buffer.from(text, "utf8");
          const path = join(dir, `f${run++}.ndjson${gzip ? ".gz" : ""}`);
          await writeFile(path, gzip ? gzipSync(bytes) : bytes);

          const read = await readAll(path, chunkLines, readBlock, firstCapacity);
          expect(read.bytes.equals(bytes)).toBe(true);
          let expectedFirst = 1;
          read.chunks.forEach((chunk, i) => {
            expect(chunk.firstLine).toBe(expectedFirst);
            const full = read.newlines[i] === chunkLines;
            // A full chunk, or the tail (the last chunk): its lines, counting one past the last newline.
            if (full) expect(chunk.lineCount).toBe(chunkLines);
            else expect([i, chunk.lineCount]).toEqual([read.chunks.length - 1, read.newlines[i] + 1]);
            expectedFirst += chunk.lineCount;
          });
          if (bytes.length === 0) expect(read.chunks).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
