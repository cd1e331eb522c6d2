// --metadata-cache with files (src/coordinator/load-metadata-cached.ts): unchanged record
// and membership files are not read again, their records, membership and rejected lines
// come from the cache; a changed file (size or modification time) is read again. The
// documents and the rejects are those of a run without the cache.

import { appendFile, mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import type { RejectedLine } from "../../src/model/chunk-types.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { comparable } from "../support/documents-file.js";
import { testEngineOptions } from "../support/engine-options.js";

const OPTIONS = testEngineOptions();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-file-cache-"));
  await generateDataset({ outDir: dir, events: 3000, seed: 13, days: 8, communities: 3 });
  await appendFile(join(dir, "records.ndjson"), '{"no":"id"}\nnot json\n');
  await appendFile(join(dir, "membership.ndjson"), '{"record_id":"x","community_id":"c","event_type":"joined","event_date":"2025-01-01"}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(metadataCacheDir?: string) {
  const rejects: RejectedLine[] = [];
  const result = await runAggregation(
    createFileEventSource(datasetFiles(dir)),
    { ...OPTIONS, metadataCacheDir },
    { onReject: (reject) => rejects.push(reject) },
  );
  return { ...result, rejects };
}

describe("metadata cache, files", () => {
  it("reads unchanged files from the cache, changed ones again; same documents and rejects", async () => {
    const cache = join(dir, "cache");
    const uncached = await run();
    expect(uncached.summary.metadataRejected).toBe(3);
    const records = uncached.summary.records;

    const first = await run(cache);
    expect(first.summary.metadataCache).toMatchObject({ copyFetchedAt: null, records: { cached: 0, fetched: records } });
    const second = await run(cache);
    expect(second.summary.metadataCache?.records).toEqual({ cached: records, fetched: 0 });
    expect(second.summary.metadataCache?.membership.fetched).toBe(0);
    expect(second.summary.metadataCache?.copyFetchedAt).not.toBeNull();
    for (const result of [first, second]) {
      expect(comparable(result.documents)).toEqual(comparable(uncached.documents));
      expect(result.rejects).toEqual(uncached.rejects);
      expect(result.summary.metadataRejected).toBe(3);
      expect(result.summary.records).toBe(records);
    }
    expect((await readdir(cache)).filter((name) => name.endsWith(".ndjson"))).toHaveLength(1);

    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, "membership.ndjson"), later, later);
    const touched = await run(cache);
    expect(touched.summary.metadataCache).toMatchObject({ copyFetchedAt: null, records: { cached: 0, fetched: records } });
    expect(comparable(touched.documents)).toEqual(comparable(uncached.documents));
  });
});
