// Record and membership files longer than one chunk, read by the workers as byte ranges:
// their rejected lines carry the file's line numbers, in input order, on every transport
// and through the metadata cache (which reads membership events on the main thread).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import type { RejectedLine } from "../../src/model/chunk-types.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { testEngineOptions } from "../support/engine-options.js";

let dir: string;
const RECORD_LINES = 12_000;
const MEMBERSHIP_LINES = 11_000;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-metadata-lines-"));
  const records = Array.from({ length: RECORD_LINES }, (_, i) =>
    i + 1 === 7001 ? "not json" : i + 1 === 11_999 ? '{"no":"id"}' : JSON.stringify({ id: `r${i}` }),
  );
  const membership = Array.from({ length: MEMBERSHIP_LINES }, (_, i) =>
    i + 1 === 6002
      ? "{broken"
      : JSON.stringify({ record_id: `r${i}`, community_id: "c1", event_type: i + 1 === 9000 ? "joined" : "added", event_date: "2025-01-01" }),
  );
  await writeFile(join(dir, "records.ndjson"), records.join("\n") + "\n");
  await writeFile(join(dir, "membership.ndjson"), membership.join("\n") + "\n");
  await writeFile(join(dir, "views.ndjson"), "");
  await writeFile(join(dir, "downloads.ndjson"), "");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejectedLines(options: Parameters<typeof testEngineOptions>[0]): Promise<[string, number | string, string][]> {
  const rejects: RejectedLine[] = [];
  const files = {
    views: [join(dir, "views.ndjson")],
    downloads: [join(dir, "downloads.ndjson")],
    records: join(dir, "records.ndjson"),
    membership: join(dir, "membership.ndjson"),
  };
  const result = await runAggregation(createFileEventSource(files), testEngineOptions(options), { onReject: (reject) => rejects.push(reject) });
  expect(result.summary.records).toBe(RECORD_LINES - 2);
  return rejects.map((r) => [r.source.endsWith("records.ndjson") ? "records" : "membership", r.line, r.reason]);
}

const EXPECTED = [
  ["records", 7001, "invalid JSON"],
  ["records", 11_999, "record without id"],
  ["membership", 6002, "invalid JSON"],
  ["membership", 9000, "invalid membership event"],
];

describe("rejected metadata lines", () => {
  it("carry the file's line numbers, in order, whatever reads the ranges", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "usage-delta-metadata-lines-cache-"));
    try {
      for (const options of [{}, { backend: "parallel" as const, threads: 2 }, { metadataCacheDir: cacheDir }]) {
        expect(await rejectedLines(options)).toEqual(EXPECTED);
      }
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
