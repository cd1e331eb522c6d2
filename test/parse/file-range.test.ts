// A plain file cut into byte ranges anywhere: the lines the ranges hold (each range read
// as the encoding thread reads it) are the file's lines, each exactly once and in order,
// with exact line counts; lines longer than the ranges, a last line without its newline
// and empty ranges included.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { readFileRange } from "../../src/parse/file-range.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-ranges-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = fc.stringMatching(/^[a-z{}":,é ]{0,40}$/);
const file = fc.record({
  lines: fc.array(line, { maxLength: 30 }),
  newlineAtEnd: fc.boolean(),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
});

describe("reading a file range", () => {
  it("partitions the file's lines among any ranges", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(file, async ({ lines, newlineAtEnd, cuts }) => {
        const text = lines.join("\n") + (newlineAtEnd && lines.length > 0 ? "\n" : "");
        const bytes = Buffer.from(text);
        const path = join(dir, `f${n++}.ndjson`);
        await writeFile(path, bytes);
        const bounds = [0, ...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length];
        const pieces: Buffer[] = [];
        let lineCount = 0;
        for (let i = 0; i + 1 < bounds.length; i++) {
          if (bounds[i] === bounds[i + 1]) continue;
          const raw = { sequence: i, format: "ndjson" as const, source: path, fileType: EVENT_TYPE.view, firstLine: 1, lineCount: 0, bytes: new Uint8Array(0) };
          const read = readFileRange(raw, { path, start: bounds[i], end: bounds[i + 1], linesKnown: false });
          const piece = Buffer.from(read.bytes);
          pieces.push(piece);
          lineCount += read.lineCount;
        }
        expect(Buffer.concat(pieces).toString()).toBe(text);
        // Whole lines only: every piece but the last that holds bytes ends at a newline.
        const held = pieces.filter((piece) => piece.length > 0);
        for (const piece of held.slice(0, -1)) expect(piece[piece.length - 1]).toBe(10);
        const expectedLines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
        expect(lineCount).toBe(expectedLines);
      }),
      { numRuns: 200 },
    );
  });

  it("reads on past its end until the line that crosses it ends (a line longer than the first read)", async () => {
    const long = "x".repeat(300_000);
    const text = `a\n${long}\nb\n`;
    const path = join(dir, "long.ndjson");
    await writeFile(path, text);
    const bounds = [0, 1, 5, 100_000, 250_000, 300_002, text.length];
    const raw = { sequence: 0, format: "ndjson" as const, source: path, fileType: EVENT_TYPE.view, firstLine: 1, lineCount: 0, bytes: new Uint8Array(0) };
    // Copied at once: a range's bytes live in the thread's buffer until the next range is read.
    const pieces = bounds.slice(0, -1).map((start, i) => {
      const read = readFileRange(raw, { path, start, end: bounds[i + 1], linesKnown: false });
      return { text: Buffer.from(read.bytes).toString(), lineCount: read.lineCount };
    });
    expect(pieces.map((p) => p.text)).toEqual(["a\n", `${long}\n`, "", "", "", "b\n"]);
    expect(pieces.map((p) => p.lineCount)).toEqual([1, 1, 0, 0, 0, 1]);
  });
});
