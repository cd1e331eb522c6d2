// A chunk read from a file range is not counted before it is encoded: the encoder starts
// with room for lines of ~256 bytes and grows its columns as events come (chunk-columns.ts
// nextRow), counting the lines as it reads them. Short lines make it grow twice here; the
// encoded chunk must be the one the same lines give with their count known up front.
// (First in its file: the encoder's columns are this thread's, and grow only once.)

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { encodeChunk } from "../../src/encode/encode-chunk.js";
import { encodeRawChunk } from "../../src/encode/encode-raw-chunk.js";
import type { EncodedChunk, RawChunk } from "../../src/model/chunk-types.js";
import { RecordIndexBuilder } from "../../src/records/build-record-index.js";
import { attachRecordIndex } from "../../src/records/record-index.js";
import { TALLYING_PASS } from "../support/encode-config.js";

const config = TALLYING_PASS;

const dir = mkdtempSync(join(tmpdir(), "usage-delta-chunk-room-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every column and dictionary of an encoded chunk as plain values. */
function plain(chunk: EncodedChunk): unknown {
  return Object.fromEntries(Object.entries(chunk).map(([key, value]) => [key, ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value]));
}

describe("a chunk whose lines are counted as they are read", () => {
  it("grows its columns as events come, and gives the chunk its counted lines give", () => {
    // ~60 bytes a line, some rejected, a last line without its newline.
    const lines = Array.from({ length: 5000 }, (_unused, i) =>
      i % 97 === 5 ? "not json" : JSON.stringify({ timestamp: `2025-03-0${1 + (i % 9)}T10:00:00`, recid: `r${i % 7}`, visitor_id: `v${i % 13}` }),
    );
    const text = lines.join("\n");
    const path = join(dir, "views.ndjson");
    writeFileSync(path, text);
    const base = { sequence: 0, format: "ndjson", source: path, fileType: EVENT_TYPE.view, firstLine: 1 } as const;
    const index = new RecordIndexBuilder().finish().buffers;
    const fromRange = encodeRawChunk(
      { ...base, lineCount: 0, bytes: new Uint8Array(0), file: { path, start: 0, end: text.length, linesKnown: true } } satisfies RawChunk,
      index,
      config,
    );
    const counted = encodeChunk({ ...base, lineCount: lines.length, bytes: Buffer.from(text) }, attachRecordIndex(index), config);
    expect(fromRange.lineCount).toBe(5000);
    expect(fromRange.counts.counted).toBe(5000 - 52);
    expect(plain({ ...fromRange, lineCount: undefined, rejects: [] })).toEqual(plain({ ...counted, lineCount: undefined, rejects: [] }));
    expect(fromRange.rejects.map((reject) => reject.line)).toEqual(counted.rejects.map((reject) => reject.line));
  });
});
