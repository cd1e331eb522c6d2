// The file source's samples for warming the workers up (EncodeTask.warmUp): the first lines
// of the first views file and of the first downloads file, .gz too, read apart from the
// passes; a file that cannot be read (missing, a FIFO: read once) gives no sample, and the
// pass still reads every line.

import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-sample-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${JSON.stringify({ recid: `${prefix}${i}` })}\n`).join("");
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("sampleChunks", () => {
  it("the first lines of each type, plain and gzip, in shared memory; the pass reads every line after it", async () => {
    const views = join(dir, "views.ndjson");
    const downloads = join(dir, "downloads.ndjson.gz");
    await writeFile(views, lines("v", 30));
    await writeFile(downloads, gzipSync(lines("d", 5)));
    const source = createFileEventSource({ views: [views], downloads: [downloads] });
    const samples = await source.sampleChunks!(10);
    expect(samples.map((s) => [s.source, s.fileType, s.firstLine, s.lineCount])).toEqual([
      [views, EVENT_TYPE.view, 1, 10],
      // A file's last chunk counts one line more than its newlines (its last line may lack one).
      [downloads, EVENT_TYPE.download, 1, 6],
    ]);
    expect(text(samples[0].bytes)).toBe(lines("v", 10));
    expect(text(samples[1].bytes)).toBe(lines("d", 5));
    expect(samples.every((s) => s.bytes.buffer instanceof SharedArrayBuffer)).toBe(true);
    let read = "";
    for await (const chunk of source.chunks(100, null)) read += text(chunk.bytes);
    expect(read).toBe(lines("v", 30) + lines("d", 5));
  });

  it("no sample of a missing file or a FIFO (a pipe is read once)", async () => {
    const fifo = join(dir, "views.fifo");
    execFileSync("mkfifo", [fifo]);
    const source = createFileEventSource({ views: [fifo], downloads: [join(dir, "missing.ndjson")] });
    expect(await source.sampleChunks!(10)).toEqual([]);
  });
});
