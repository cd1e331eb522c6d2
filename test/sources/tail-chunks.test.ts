// Guided self-scheduling in the file source: with several consumers the last chunks of a
// pass shrink (each at most a 1/consumers share of the bytes left, never below an eighth
// of a full chunk) while every line still arrives once, in order, with its number.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseSharedBytes } from "../../src/columnar/shared-byte-pool.js";
import { createFileEventSource, tailChunkBytes } from "../../src/sources/file-event-source.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-tail-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Lines of one length, so that byte limits are line counts.
const line = (i: number) => `${JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: `r${String(i).padStart(4, "0")}` })}\n`;

async function chunkLines(consumers: number): Promise<{ lines: number[]; texts: string[]; firstLines: number[] }> {
  const views = join(dir, "views.ndjson");
  const downloads = join(dir, "downloads.ndjson");
  await writeFile(views, Array.from({ length: 60 }, (_, i) => line(i)).join(""));
  await writeFile(downloads, Array.from({ length: 40 }, (_, i) => line(60 + i)).join(""));
  const source = createFileEventSource({ views: [views], downloads: [downloads] });
  const seen = { lines: [] as number[], texts: [] as string[], firstLines: [] as number[] };
  for await (const chunk of source.chunks(40, null, consumers)) {
    seen.lines.push(chunk.lineCount);
    seen.firstLines.push(chunk.firstLine);
    seen.texts.push(Buffer.from(chunk.bytes).toString("utf8"));
    releaseSharedBytes(chunk.bytes);
  }
  return seen;
}

describe("the last chunks of a pass", () => {
  it("stay whole for one consumer", async () => {
    const { lines, firstLines } = await chunkLines(1);
    // A file's last chunk counts one line more than its newlines (its last line may lack one).
    expect(lines).toEqual([40, 21, 40]);
    expect(firstLines).toEqual([1, 41, 1]);
  });

  it("shrink for two consumers, down to an eighth of a chunk, every line once and in order", async () => {
    const { lines, texts, firstLines } = await chunkLines(2);
    // 100 lines: 40 (no bytes-per-line yet), the views file's last 20, then 40 left -> 20,
    // 20 left -> 10, 10 left -> 5 (= 40 / 8, the floor), and the last 5.
    expect(lines).toEqual([40, 21, 20, 10, 5, 5]);
    expect(firstLines).toEqual([1, 41, 1, 21, 31, 36]);
    expect(texts.join("")).toBe(Array.from({ length: 100 }, (_, i) => line(i)).join(""));
  });
});

describe("tailChunkBytes", () => {
  it("is no limit for one consumer or before any chunk was cut", () => {
    expect(tailChunkBytes(1000, 10, 40, 1)).toBe(Infinity);
    expect(tailChunkBytes(1000, NaN, 40, 2)).toBe(Infinity);
  });

  it("is a consumer's share of what is left, at least an eighth of a full chunk", () => {
    expect(tailChunkBytes(1000, 10, 40, 2)).toBe(500);
    expect(tailChunkBytes(1001, 10, 40, 4)).toBe(251);
    expect(tailChunkBytes(60, 10, 40, 2)).toBe(50);
  });
});
