// The `search` backend (temporary index + OpenSearch aggregations) against the exact
// memory backend, on the live server: exact fields equal, distinct counts within the
// HyperLogLog++ error, and the temporary index gone after success and after a failure.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createInProcessTransport } from "../../src/coordinator/engine-transport.js";
import { runAggregation, type AggregateHooks, type EngineOptions } from "../../src/coordinator/run-aggregation.js";
import { compareDocuments } from "../../src/model/compare-documents.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { datasetArbitrary, optionsArbitrary } from "../reference/dataset-arbitrary.js";
import type { ReferenceOptions } from "../reference/reference-aggregate.js";
import { writeDatasetFiles } from "../reference/write-dataset-files.js";
import { describeWithOpenSearch, makeTestClient, uniqueIndexName } from "../support/opensearch.js";

/**
 * Below OpenSearch's precision threshold (40,000) cardinality is near exact; above it the
 * standard error at precision 18 is 1.04 / sqrt(2^18) = 0.2%. 1% holds either way.
 */
const UNIQUE_TOLERANCE = 0.01;

describeWithOpenSearch("search backend", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("sb")}-`;
  const transport = createInProcessTransport();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-search-"));
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  const temporaryIndices = async () => {
    const { body } = await client.cat.indices({ index: `${prefix}usage-delta-tmp-*`, format: "json" });
    return (body as { index: string }[]).map((row) => row.index);
  };

  function engineOptions(options: ReferenceOptions, backend: EngineOptions["backend"]): EngineOptions {
    return {
      start: options.start,
      end: options.end,
      communities: options.communities,
      backend,
      threads: 1,
      chunkSize: 200,
      onInvalid: "skip",
      includeRobots: options.includeRobots ?? false,
      excludeMachines: options.excludeMachines ?? false,
      excludeApi: options.excludeApi ?? false,
    };
  }

  async function run(files: string, options: ReferenceOptions, backend: EngineOptions["backend"], search?: AggregateHooks["search"]) {
    const source = createFileEventSource({
      views: [join(files, "views.ndjson")],
      downloads: [join(files, "downloads.ndjson")],
      records: join(files, "records.ndjson"),
      membership: join(files, "membership.ndjson"),
    });
    return runAggregation(source, engineOptions(options, backend), { transport, search });
  }

  async function expectSearchMatchesMemory(files: string, options: ReferenceOptions) {
    const exact = await run(files, options, "memory");
    const approximate = await run(files, options, "search", { client, prefix, compareExact: true, bulk: { maxBatchBytes: 256 * 1024 } });
    const comparison = compareDocuments(exact.documents, approximate.documents);
    expect(comparison.exactMismatches).toEqual([]);
    expect(comparison.documents).toBe(exact.documents.length);
    expect(approximate.documents.length).toBe(exact.documents.length);
    expect(comparison.maxRelativeDeviation).toBeLessThanOrEqual(UNIQUE_TOLERANCE);
    if (exact.documents.length > 0) {
      // The run's own comparison (exact group stage on the same chunks) says the same.
      expect(approximate.search?.comparison).toEqual(comparison);
      expect(approximate.search?.indexedEvents).toBe(exact.summary.counts.counted);
    } else {
      expect(approximate.search).toBeUndefined(); // no day to report: nothing to aggregate
    }
    expect(await temporaryIndices()).toEqual([]);
    return { comparison, report: approximate.search };
  }

  it("matches the memory backend on random datasets", async () => {
    let runNumber = 0;
    await fc.assert(
      fc.asyncProperty(datasetArbitrary(), optionsArbitrary, async (input, options) => {
        const files = join(dir, `random-${runNumber++}`);
        await writeDatasetFiles(input, files);
        await expectSearchMatchesMemory(files, options);
      }),
      { numRuns: 8 },
    );
  }, 180_000);

  it("matches the memory backend on a generated dataset of a few thousand events", async () => {
    const files = join(dir, "generated");
    await generateDataset({ outDir: files, events: 4000, seed: 3, start: "2025-03-01", days: 12, communities: 5 });
    const { comparison, report } = await expectSearchMatchesMemory(files, {});
    expect(comparison.uniqueCounts).toBeGreaterThan(1000);
    expect(report?.searches).toBeGreaterThanOrEqual(6 * 11); // 5 communities + global, totals + 10 keys
    console.info(
      `search backend, 4000 events: max relative deviation of unique counts ${comparison.maxRelativeDeviation} over ${comparison.uniqueCounts} values`,
    );
  }, 120_000);

  it("deletes the temporary index when the run fails half way", async () => {
    const files = join(dir, "generated-small");
    await generateDataset({ outDir: files, events: 300, seed: 5, start: "2025-03-01", days: 3, communities: 2 });
    let seen: string[] = [];
    const failing = run(files, {}, "search", {
      client,
      prefix,
      afterIndexing: async (index) => {
        seen = await temporaryIndices();
        expect(seen).toEqual([index]);
        throw new Error("injected failure after indexing");
      },
    });
    await expect(failing).rejects.toThrow("injected failure after indexing");
    expect(seen).toHaveLength(1);
    expect(await temporaryIndices()).toEqual([]);
  });

  it("needs a cluster", async () => {
    const files = join(dir, "generated-small");
    await expect(run(files, {}, "search")).rejects.toMatchObject({ code: "USAGE" });
  });
});
