// After a full pass whose chunks' days were noted, a pass over a day range reads only
// the chunks that hold those days, with the same bytes and line numbers; without a
// complete map (a .gz file, a pass stopped early, another chunk size) it reads everything.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseSharedBytes } from "../../src/columnar/shared-byte-pool.js";
import { parseDayString } from "../../src/model/day.js";
import type { EventSource, SourceDayRange } from "../../src/sources/event-source.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { readFileRange } from "../../src/parse/file-range.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-daymap-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const day = (d: number) => parseDayString(`2025-03-0${d}`);
// Two lines a day, March 1..5, in time order: chunks of 2 lines hold one day each.
const lines = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5].map((d, i) => JSON.stringify({ timestamp: `2025-03-0${d}T10:00:00`, recid: `r${i}` }));

interface Seen {
  text: string;
  firstLine: number;
  lineCount: number;
}

async function pass(source: EventSource, chunkSize: number, range: SourceDayRange | null, noteDays?: (text: string) => [number, number]): Promise<Seen[]> {
  const seen: Seen[] = [];
  let sequence = 0;
  for await (const chunk of source.chunks(chunkSize, range)) {
    const text = Buffer.from(chunk.bytes).toString("utf8");
    seen.push({ text, firstLine: chunk.firstLine, lineCount: chunk.lineCount });
    releaseSharedBytes(chunk.bytes);
    if (noteDays !== undefined) source.noteChunkDays?.(sequence, ...noteDays(text));
    sequence++;
  }
  return seen;
}

/** What the tallying encode would report: the days of the chunk's lines. */
function daysOf(text: string): [number, number] {
  const days = text
    .trim()
    .split("\n")
    .map((l) => day(Number((JSON.parse(l) as { timestamp: string }).timestamp.slice(8, 10))));
  return [Math.min(...days), Math.max(...days)];
}

describe("the chunk day map of plain event files", () => {
  it("lets a pass over days 3..4 read only their chunks", async () => {
    const views = join(dir, "views.ndjson");
    await writeFile(views, lines.map((l) => `${l}\n`).join(""));
    const source = createFileEventSource({ views: [views], downloads: [] });
    const full = await pass(source, 2, null, daysOf);
    expect(full).toHaveLength(5);
    const window = await pass(source, 2, { startDay: day(3), endDay: day(4) });
    expect(window).toEqual([full[2], full[3]]);
    expect(window.map((c) => c.firstLine)).toEqual([5, 7]);
    // Another chunk size: the map does not apply.
    expect(await pass(source, 3, { startDay: day(3), endDay: day(4) })).toHaveLength(4);
  });

  it("reads everything when the pass that built the map did not note every chunk", async () => {
    const views = join(dir, "views-unnoted.ndjson");
    await writeFile(views, lines.map((l) => `${l}\n`).join(""));
    const source = createFileEventSource({ views: [views], downloads: [] });
    await pass(source, 2, null);
    expect(await pass(source, 2, { startDay: day(3), endDay: day(3) })).toHaveLength(5);
  });

  it("reads everything from .gz files", async () => {
    const views = join(dir, "views.ndjson.gz");
    await writeFile(views, gzipSync(lines.map((l) => `${l}\n`).join("")));
    const source = createFileEventSource({ views: [views], downloads: [] });
    await pass(source, 2, null, daysOf);
    expect(await pass(source, 2, { startDay: day(3), endDay: day(3) })).toHaveLength(5);
  });

  it("byte ranges (read by the encoding thread): a window pass gets only its ranges, with the line numbers the first pass found", async () => {
    const views = join(dir, "views-ranges.ndjson");
    await writeFile(views, lines.map((l) => `${l}\n`).join(""));
    const source = createFileEventSource({ views: [views], downloads: [] });
    const rangePass = async (range: SourceDayRange | null, note: boolean) => {
      const seen: Seen[] = [];
      let sequence = 0;
      let nextLine = 1;
      for await (const chunk of source.chunks(2, range, 1, true)) {
        expect(chunk.bytes).toHaveLength(0);
        const read = readFileRange({ ...chunk, sequence }, chunk.file!);
        const text = Buffer.from(read.bytes).toString("utf8");
        const firstLine = chunk.file!.linesKnown ? chunk.firstLine : nextLine;
        seen.push({ text, firstLine, lineCount: read.lineCount });
        nextLine = firstLine + read.lineCount;
        if (note) {
          const [minDay, maxDay] = text === "" ? [NaN, NaN] : daysOf(text);
          source.noteChunkDays?.(sequence, minDay, maxDay);
          source.noteChunkLines?.(sequence, firstLine, read.lineCount);
        }
        sequence++;
      }
      return seen;
    };
    const full = await rangePass(null, true);
    expect(full.map((c) => c.text).join("")).toBe(lines.map((l) => `${l}\n`).join(""));
    const window = await rangePass({ startDay: day(3), endDay: day(4) }, false);
    expect(window.map((c) => c.text).join("")).toBe(
      lines
        .slice(4, 8)
        .map((l) => `${l}\n`)
        .join(""),
    );
    expect(window[0].firstLine).toBe(5);
    expect(window.length).toBeLessThan(full.length);
    // A map made of ranges is no map for a pass that reads bytes: it reads everything.
    expect(await pass(source, 2, { startDay: day(3), endDay: day(4) })).toHaveLength(5);
  });
});
